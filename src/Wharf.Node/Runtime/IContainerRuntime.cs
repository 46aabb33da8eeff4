using Wharf.Node.Cri.V1;

namespace Wharf.Node.Runtime;

/// <summary>
/// The container runtime as the pod workers see it: a thin layer over CRI v1 that takes Wharf's specs and hides
/// the request plumbing. Statuses come back as CRI messages; mapping them to API statuses is the worker's job.
/// "Not found" is null from status calls and success from stop/remove calls (both are idempotent).
/// </summary>
public interface IContainerRuntime
{
    Task<VersionResponse> VersionAsync(CancellationToken cancellationToken);

    Task<string> RunPodSandboxAsync(PodSandboxSpec sandbox, CancellationToken cancellationToken);

    Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken);

    Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken);

    Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PodSandbox>> ListPodSandboxesAsync(IReadOnlyDictionary<string, string>? labelSelector, CancellationToken cancellationToken);

    /// <summary>Creates a container in a sandbox; the sandbox spec must be the one it was run with.</summary>
    Task<string> CreateContainerAsync(string sandboxId, PodSandboxSpec sandbox, ContainerSpec container, CancellationToken cancellationToken);

    Task StartContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>SIGTERM (or the image's stop signal), then SIGKILL after the grace period.</summary>
    Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken);

    Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken);

    Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Container>> ListContainersAsync(string? sandboxId, IReadOnlyDictionary<string, string>? labelSelector, CancellationToken cancellationToken);

    Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The runtime's streaming URL (SPDY) for an interactive exec.</summary>
    Task<Uri> ExecUrlAsync(string containerId, IReadOnlyList<string> command, StreamOptions streams, CancellationToken cancellationToken);

    Task<Uri> AttachUrlAsync(string containerId, StreamOptions streams, CancellationToken cancellationToken);

    Task<Uri> PortForwardUrlAsync(string sandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken);

    Task<Image?> ImageStatusAsync(string image, CancellationToken cancellationToken);

    Task<IReadOnlyList<Image>> ListImagesAsync(CancellationToken cancellationToken);

    Task<string> PullImageAsync(string image, AuthConfig? auth, CancellationToken cancellationToken);

    Task RemoveImageAsync(string image, CancellationToken cancellationToken);
}

/// <summary>Which streams an exec or attach session carries.</summary>
public sealed record StreamOptions(bool Stdin = false, bool Stdout = true, bool Stderr = true, bool Tty = false);
