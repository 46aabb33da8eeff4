using Wharf.Node.Cri.V1;

namespace Wharf.Node.Runtime;

/// <summary>What a pod worker asks of one container; mapped 1:1 onto CRI's ContainerConfig.</summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }

    /// <summary>Image reference as the runtime knows it (name:tag or the image id).</summary>
    public required string Image { get; init; }

    /// <summary>Restart count; also names the log file.</summary>
    public uint Attempt { get; init; }

    /// <summary>Overrides the image's entrypoint when non-empty.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Overrides the image's cmd when non-empty.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    public string WorkingDir { get; init; } = "";

    /// <summary>In order: later entries may refer to earlier ones, so this is a list, not a dictionary.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];

    public ResourceSpec? Resources { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public bool Stdin { get; init; }

    public bool StdinOnce { get; init; }

    public bool Tty { get; init; }

    /// <summary>Log path relative to the sandbox's log directory; defaults to kubelet's NAME/ATTEMPT.log.</summary>
    public string? LogPath { get; init; }
}

/// <summary>A bind mount from the node into the container.</summary>
public sealed record MountSpec(string ContainerPath, string HostPath, bool ReadOnly = false, MountPropagation Propagation = MountPropagation.PropagationPrivate);

/// <summary>
/// Linux resources as CRI takes them (already converted from requests/limits). Zero means "not set". A negative
/// OomScoreAdj is clamped by containerd (restrict_oom_score_adj) on machines without CAP_SYS_RESOURCE.
/// </summary>
public sealed record ResourceSpec(long CpuShares = 0, long CpuQuota = 0, long CpuPeriod = 0, long MemoryLimitBytes = 0, long OomScoreAdj = 0);
