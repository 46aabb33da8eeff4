using Wharf.Node.Agent.Pods;
using Wharf.Node.Cri.V1;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Server;

/// <summary>Finds a pod's containers and sandbox in the runtime by the labels the pod workers put on them.</summary>
internal sealed class ContainerLocator(IContainerRuntime runtime)
{
    /// <summary>
    /// The container's instances, newest attempt first: [0] is the current one, [1] the one
    /// <c>kubectl logs --previous</c> means.
    /// </summary>
    public async Task<IReadOnlyList<Container>> InstancesAsync(string ns, string pod, string container, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>
        {
            [PodLabels.PodNamespace] = ns,
            [PodLabels.PodName] = pod,
            [PodLabels.ContainerName] = container,
        };
        var found = await runtime.ListContainersAsync(null, labels, cancellationToken);
        return found.OrderByDescending(c => c.Metadata?.Attempt ?? 0).ThenByDescending(c => c.CreatedAt).ToList();
    }

    public async Task<Container?> RunningAsync(string ns, string pod, string container, CancellationToken cancellationToken) =>
        (await InstancesAsync(ns, pod, container, cancellationToken)).FirstOrDefault(c => c.State == ContainerState.ContainerRunning);

    public async Task<string?> ReadySandboxAsync(string ns, string pod, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string> { [PodLabels.PodNamespace] = ns, [PodLabels.PodName] = pod };
        var sandboxes = await runtime.ListPodSandboxesAsync(labels, cancellationToken);
        return sandboxes.Where(s => s.State == PodSandboxState.SandboxReady).OrderByDescending(s => s.CreatedAt).FirstOrDefault()?.Id;
    }

    public async Task<bool> IsRunningAsync(string containerId, CancellationToken cancellationToken) =>
        (await runtime.ContainerStatusAsync(containerId, cancellationToken))?.State == ContainerState.ContainerRunning;

    public async Task<string?> LogPathAsync(string containerId, CancellationToken cancellationToken) =>
        (await runtime.ContainerStatusAsync(containerId, cancellationToken))?.LogPath is { Length: > 0 } path ? path : null;
}
