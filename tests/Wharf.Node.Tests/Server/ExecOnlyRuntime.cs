using Wharf.Node.Cri.V1;
using Wharf.Node.Runtime;

namespace Wharf.Node.Tests.Server;

/// <summary>A runtime with one running container that answers ExecSync from a script; anything else is not expected.</summary>
internal sealed class ExecOnlyRuntime(Container container, Func<IReadOnlyList<string>, ExecResult> exec) : IContainerRuntime
{
    public List<IReadOnlyList<string>> Commands { get; } = [];

    public Task<IReadOnlyList<Container>> ListContainersAsync(string? sandboxId, IReadOnlyDictionary<string, string>? labelSelector, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Container>>(labelSelector is null || labelSelector.All(l => container.Labels.GetValueOrDefault(l.Key) == l.Value) ? [container] : []);

    public Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Assert.Equal(container.Id, containerId);
        Commands.Add(command);
        return Task.FromResult(exec(command));
    }

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<string> RunPodSandboxAsync(PodSandboxSpec sandbox, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<PodSandbox>> ListPodSandboxesAsync(IReadOnlyDictionary<string, string>? labelSelector, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<string> CreateContainerAsync(string sandboxId, PodSandboxSpec sandbox, ContainerSpec container, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Uri> ExecUrlAsync(string containerId, IReadOnlyList<string> command, StreamOptions streams, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Uri> AttachUrlAsync(string containerId, StreamOptions streams, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Uri> PortForwardUrlAsync(string sandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Image?> ImageStatusAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Image>> ListImagesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<string> PullImageAsync(string image, AuthConfig? auth, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveImageAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();
}
