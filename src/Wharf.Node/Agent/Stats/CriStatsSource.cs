using Wharf.Node.Cri;
using Wharf.Node.Cri.V1;

namespace Wharf.Node.Agent.Stats;

/// <summary>The stats collector's questions answered over CRI v1.</summary>
internal sealed class CriStatsSource(CriClient cri) : IRuntimeStatsSource
{
    public async Task<IReadOnlyList<PodSandbox>> ReadySandboxesAsync(CancellationToken cancellationToken) =>
        (await cri.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest
        {
            Filter = new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxReady } },
        }, cancellationToken: cancellationToken)).Items;

    public async Task<IReadOnlyList<Container>> RunningContainersAsync(CancellationToken cancellationToken) =>
        (await cri.Runtime.ListContainersAsync(new ListContainersRequest
        {
            Filter = new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerRunning } },
        }, cancellationToken: cancellationToken)).Containers;

    public async Task<IReadOnlyDictionary<string, Cri.V1.ContainerStats>> ContainerStatsAsync(CancellationToken cancellationToken) =>
        (await cri.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = new ContainerStatsFilter() }, cancellationToken: cancellationToken))
            .Stats.Where(s => s.Attributes is not null).ToDictionary(s => s.Attributes.Id, StringComparer.Ordinal);

    public async Task<FilesystemUsage?> ImageFsAsync(CancellationToken cancellationToken) =>
        (await cri.Images.ImageFsInfoAsync(new ImageFsInfoRequest(), cancellationToken: cancellationToken)).ImageFilesystems.FirstOrDefault();
}
