using Wharf.Node.Agent.Stats;
using Wharf.Node.Cri.V1;

namespace Wharf.Node.Tests.Stats;

/// <summary>CRI answers set by the test.</summary>
internal sealed class FakeRuntimeStats : IRuntimeStatsSource
{
    public List<PodSandbox> Sandboxes { get; } = [];

    public List<Container> Containers { get; } = [];

    public Dictionary<string, Cri.V1.ContainerStats> Stats { get; } = new();

    public FilesystemUsage? ImageFs { get; set; }

    public Task<IReadOnlyList<PodSandbox>> ReadySandboxesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PodSandbox>>(Sandboxes);

    public Task<IReadOnlyList<Container>> RunningContainersAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Container>>(Containers);

    public Task<IReadOnlyDictionary<string, Cri.V1.ContainerStats>> ContainerStatsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, Cri.V1.ContainerStats>>(Stats);

    public Task<FilesystemUsage?> ImageFsAsync(CancellationToken cancellationToken) => Task.FromResult(ImageFs);
}
