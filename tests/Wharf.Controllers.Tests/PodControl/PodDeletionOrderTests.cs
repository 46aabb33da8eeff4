using k8s.Models;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.PodControl;

public sealed class PodDeletionOrderTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static V1Pod Pod(string name, string? node = "n1", string phase = "Running", bool ready = true, int restarts = 0, int createdMinutesAgo = 10) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = Now.UtcDateTime.AddMinutes(-createdMinutesAgo) },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddMinutes(-5) }],
            ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts, Image = "i", ImageID = "", Ready = ready }],
        },
    };

    [Theory]
    [InlineData("unscheduled before scheduled", "unscheduled")]
    [InlineData("pending before running", "pending")]
    [InlineData("not ready before ready", "notready")]
    [InlineData("more restarts first", "restarts")]
    [InlineData("newer first", "newer")]
    public void TheCheaperPodGoesFirst(string name, string cheap)
    {
        _ = name;
        var baseline = Pod("baseline");
        var candidate = cheap switch
        {
            "unscheduled" => Pod("x", node: null, phase: "Pending", ready: false),
            "pending" => Pod("x", phase: "Pending", ready: false),
            "notready" => Pod("x", ready: false),
            "restarts" => Pod("x", restarts: 3),
            _ => Pod("x", createdMinutesAgo: 1),
        };
        var picked = PodDeletionOrder.PickForDeletion([baseline, candidate], [], 1, Now);
        Assert.Equal("x", Assert.Single(picked).Metadata.Name);
    }

    [Fact]
    public void PodsDoubledUpOnANodeGoBeforeLoneOnes()
    {
        var crowded = Pod("crowded", node: "busy");
        var alone = Pod("alone", node: "quiet");
        var sibling = Pod("sibling", node: "busy");
        var picked = PodDeletionOrder.PickForDeletion([alone, crowded], [alone, crowded, sibling], 1, Now);
        Assert.Equal("crowded", Assert.Single(picked).Metadata.Name);
    }
}
