using System.Text.Json;
using Wharf.Client.Cache;

namespace Wharf.Bench.Density;

/// <summary>
/// The few fields of a pod a hollow kubelet reads: its identity, its node, whether it is being deleted and its phase.
/// Watch events are read straight into this (<see cref="TypedInformer{T}"/>); everything else in the pod is skipped
/// by the reader instead of being built into a JSON tree per event.
/// </summary>
internal sealed class HollowPod
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TypedModel<HollowPod> Model { get; } = new(Json, p => p.Metadata.Namespace, p => p.Metadata.Name, p => p.Metadata.ResourceVersion);

    public PodMeta Metadata { get; init; } = new();

    public PodSpec? Spec { get; init; }

    public PodStatus? Status { get; init; }

    public string Key => $"{Metadata.Namespace}/{Metadata.Name}";

    internal sealed class PodMeta
    {
        public string? Name { get; init; }

        public string? Namespace { get; init; }

        public string? Uid { get; init; }

        public string? ResourceVersion { get; init; }

        public string? DeletionTimestamp { get; init; }
    }

    internal sealed class PodSpec
    {
        public string? NodeName { get; init; }
    }

    internal sealed class PodStatus
    {
        public string? Phase { get; init; }
    }
}
