using k8s.Models;
using Wharf.Scheduler.Plugins.DefaultPreemption;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.DefaultPreemption;

public class CandidateSelectorTests
{
    private static V1Pod V(int priority, int startMinute = 0) =>
        PodBuilder.Make().Priority(priority).StartTime(new DateTime(2024, 1, 1, 0, startMinute, 0, DateTimeKind.Utc));

    public static TheoryData<string, Candidate[], string> Cases => new()
    {
        { "fewest PDB violations", [new("a", [V(1)], 1), new("b", [V(5), V(5)], 0)], "b" },
        { "lowest highest-priority victim", [new("a", [V(5)], 0), new("b", [V(1), V(1)], 0)], "b" },
        { "smallest priority sum", [new("a", [V(3), V(3)], 0), new("b", [V(3), V(1)], 0)], "b" },
        { "fewest victims", [new("a", [V(3), V(3)], 0), new("b", [V(3)], 0)], "b" },
        { "latest start of highest-priority victims", [new("a", [V(3, 1)], 0), new("b", [V(3, 9)], 0)], "b" },
        { "first on full tie", [new("a", [V(3)], 0), new("b", [V(3)], 0)], "a" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pick(string name, Candidate[] candidates, string expected)
    {
        Assert.Equal(expected, CandidateSelector.Pick(candidates)!.NodeName);
        Assert.NotNull(name);
    }
}
