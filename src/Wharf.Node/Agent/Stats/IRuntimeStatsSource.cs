using Wharf.Node.Cri.V1;

namespace Wharf.Node.Agent.Stats;

/// <summary>What the stats collector asks of the container runtime (CRI), behind an interface so tests can fake it.</summary>
internal interface IRuntimeStatsSource
{
    Task<IReadOnlyList<PodSandbox>> ReadySandboxesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Container>> RunningContainersAsync(CancellationToken cancellationToken);

    /// <summary>CRI ListContainerStats, keyed by container id.</summary>
    Task<IReadOnlyDictionary<string, Cri.V1.ContainerStats>> ContainerStatsAsync(CancellationToken cancellationToken);

    /// <summary>The runtime's image filesystem (CRI ImageFsInfo), if it reports one.</summary>
    Task<FilesystemUsage?> ImageFsAsync(CancellationToken cancellationToken);
}
