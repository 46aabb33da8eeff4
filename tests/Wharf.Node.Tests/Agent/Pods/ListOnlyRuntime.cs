using Wharf.Node.Cri.V1;
using Wharf.Node.Runtime;

namespace Wharf.Node.Tests.Agent.Pods;

/// <summary>A runtime whose sandboxes and containers a test sets; it answers only the two list calls.</summary>
internal sealed class ListOnlyRuntime : IContainerRuntime
{
    public List<PodSandbox> Sandboxes { get; } = [];

    public List<Container> Containers { get; } = [];

    public int ListCalls { get; private set; }

    public Task<IReadOnlyList<PodSandbox>> ListPodSandboxesAsync(IReadOnlyDictionary<string, string>? labelSelector, CancellationToken cancellationToken)
    {
        ListCalls++;
        return Task.FromResult<IReadOnlyList<PodSandbox>>([.. Sandboxes]);
    }

    public Task<IReadOnlyList<Container>> ListContainersAsync(string? sandboxId, IReadOnlyDictionary<string, string>? labelSelector, CancellationToken cancellationToken)
    {
        ListCalls++;
        return Task.FromResult<IReadOnlyList<Container>>([.. Containers]);
    }

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<string> RunPodSandboxAsync(PodSandboxSpec sandbox, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<string> CreateContainerAsync(string sandboxId, PodSandboxSpec sandbox, ContainerSpec container, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Uri> ExecUrlAsync(string containerId, IReadOnlyList<string> command, StreamOptions streams, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Uri> AttachUrlAsync(string containerId, StreamOptions streams, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Uri> PortForwardUrlAsync(string sandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Image?> ImageStatusAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Image>> ListImagesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<string> PullImageAsync(string image, AuthConfig? auth, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveImageAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();
}
