namespace Wharf.Node.Agent.Stats;

/// <summary>
/// The machine as a whole: CPU and memory, network, the data directory's filesystem and the runtime's image
/// filesystem, and the system containers (here only "pods", the cgroup all pods live under).
/// </summary>
public sealed record NodeStats(
    string NodeName,
    DateTimeOffset StartTime,
    CpuStats Cpu,
    MemoryStats Memory,
    NetworkStats? Network,
    FsStats? Fs,
    FsStats? ImageFs,
    RlimitStats? Rlimit,
    IReadOnlyList<ContainerStats>? SystemContainers = null);
