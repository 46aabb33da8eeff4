using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Node.Agent.Pods;
using Wharf.Node.Cri.V1;

namespace Wharf.Node.Tests.Agent.Pods;

public sealed class RuntimeRelisterTests
{
    private readonly ListOnlyRuntime _runtime = new();
    private readonly List<string> _woken = [];
    private readonly RuntimeRelister _relister;

    public RuntimeRelisterTests()
    {
        _relister = new RuntimeRelister(_runtime, TimeSpan.FromSeconds(1), _woken.Add, NullLogger.Instance, TimeProvider.System);
        _runtime.Sandboxes.Add(Sandbox("s1", "pod-a"));
        _runtime.Sandboxes.Add(Sandbox("s2", "pod-b"));
        _runtime.Containers.Add(Container("c1", "pod-a", ContainerState.ContainerRunning));
        _runtime.Containers.Add(Container("c2", "pod-b", ContainerState.ContainerRunning));
    }

    [Fact]
    public async Task The_first_relist_wakes_every_pod_and_an_unchanged_runtime_wakes_none()
    {
        await _relister.RelistAsync(CancellationToken.None);
        Assert.Equal(["pod-a", "pod-b"], _woken.Order());

        _woken.Clear();
        await _relister.RelistAsync(CancellationToken.None);

        Assert.Empty(_woken);
        Assert.Equal(4, _runtime.ListCalls); // two calls per relist, whatever the number of pods
    }

    [Theory]
    [InlineData("container exited")]
    [InlineData("container added")]
    [InlineData("container removed")]
    [InlineData("sandbox stopped")]
    [InlineData("pod gone")]
    public async Task Only_the_pod_whose_runtime_state_changed_is_woken(string change)
    {
        await _relister.RelistAsync(CancellationToken.None);
        _woken.Clear();
        switch (change)
        {
            case "container exited":
                _runtime.Containers[0].State = ContainerState.ContainerExited;
                break;
            case "container added":
                _runtime.Containers.Add(Container("c3", "pod-a", ContainerState.ContainerCreated));
                break;
            case "container removed":
                _runtime.Containers.RemoveAt(0);
                break;
            case "sandbox stopped":
                _runtime.Sandboxes[0].State = PodSandboxState.SandboxNotready;
                break;
            case "pod gone":
                _runtime.Sandboxes.RemoveAt(0);
                _runtime.Containers.RemoveAt(0);
                break;
        }

        await _relister.RelistAsync(CancellationToken.None);

        Assert.Equal(["pod-a"], _woken);
    }

    private static PodSandbox Sandbox(string id, string uid) =>
        new() { Id = id, State = PodSandboxState.SandboxReady, Labels = { [PodLabels.PodUid] = uid } };

    private static Container Container(string id, string uid, ContainerState state) =>
        new() { Id = id, State = state, Labels = { [PodLabels.PodUid] = uid } };
}
