using k8s.Models;
using Wharf.Node.Agent.Pods;
using Wharf.Node.Cri.V1;

namespace Wharf.Node.Tests.Agent;

public sealed class PodStatusBuilderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    private static V1Pod Pod(string restartPolicy) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns", Uid = "u" },
        Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [new V1Container { Name = "a", Image = "busybox" }, new V1Container { Name = "b", Image = "busybox" }] },
    };

    private static ContainerObservation Exited(string name, int exitCode) => new(name, "busybox",
        new ContainerStatus { Id = name, State = ContainerState.ContainerExited, ExitCode = exitCode, Metadata = new ContainerMetadata { Name = name } },
        null, 0, null, false, false);

    private static ContainerObservation NeverStarted(string name) => new(name, "busybox", null, null, 0, null, false, false);

    private static PodObservation Observed(params ContainerObservation[] containers) => new(false, "", "10.0.0.1", [], containers, Now, "BestEffort");

    /// <summary>"a=137,b=0": container a exited 137, b exited 0; "a=-": a never started.</summary>
    private static PodObservation Observed(string containers) => Observed(containers.Split(',').Select(c => c.Split('=') switch
    {
        [var name, "-"] => NeverStarted(name),
        [var name, var code] => Exited(name, int.Parse(code)),
        _ => throw new ArgumentException(c),
    }).ToArray());

    [Theory]
    // restartPolicy Always keeps a pod with stopped containers Running until it is stopped for good.
    [InlineData("Always", "a=137,b=0", false, "Running")]
    [InlineData("Always", "a=137,b=0", true, "Failed")]
    [InlineData("Always", "a=0,b=0", true, "Succeeded")]
    [InlineData("OnFailure", "a=-,b=-", true, "Failed")]
    [InlineData("Never", "a=0,b=-", false, "Pending")]
    public void Build_DeletedPodEndsInATerminalPhase(string restartPolicy, string containers, bool podIsTerminal, string phase)
    {
        var status = PodStatusBuilder.Build(Pod(restartPolicy), Observed(containers), null, Now, podIsTerminal);
        Assert.Equal(phase, status["phase"]!.GetValue<string>());
    }

    [Fact]
    public void Build_KeepsATerminalPhaseOnceReached()
    {
        var previous = new System.Text.Json.Nodes.JsonObject { ["phase"] = "Succeeded" };
        var status = PodStatusBuilder.Build(Pod("Always"), Observed(Exited("a", 137), Exited("b", 1)), previous, Now, podIsTerminal: true);
        Assert.Equal("Succeeded", status["phase"]!.GetValue<string>());
    }
}
