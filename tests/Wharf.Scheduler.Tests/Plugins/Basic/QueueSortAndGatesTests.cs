using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.PrioritySort;
using Wharf.Scheduler.Plugins.SchedulingGates;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Plugins.Basic;

public class QueueSortAndGatesTests
{
    private static readonly DateTimeOffset s_t0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("higher priority first", 10, 0, 5, 0, true)]
    [InlineData("lower priority later", 5, 0, 10, 0, false)]
    [InlineData("equal priority, earlier first", 5, 0, 5, 1, true)]
    [InlineData("equal priority, later second", 5, 2, 5, 1, false)]
    public void PrioritySort_Less(string name, int pa, int ta, int pb, int tb, bool less)
    {
        var a = new QueuedPodInfo(new PodInfo(PodBuilder.Make().Priority(pa)), s_t0.AddSeconds(ta));
        var b = new QueuedPodInfo(new PodInfo(PodBuilder.Make().Priority(pb)), s_t0.AddSeconds(tb));

        Assert.Equal(less, new PrioritySortPlugin().Less(a, b));
        Assert.NotNull(name);
    }

    [Fact]
    public void SchedulingGates_BlocksGatedPods()
    {
        var plugin = new SchedulingGatesPlugin();

        Assert.True(plugin.PreEnqueue(PodBuilder.Make()).IsSuccess);
        Assert.Equal(["waiting for scheduling gates: [a b]"], plugin.PreEnqueue(PodBuilder.Make().Gate("a").Gate("b")).Reasons);
    }
}
