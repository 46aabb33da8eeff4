namespace Wharf.Node.Agent.Stats;

/// <summary>A pod's totals (its cgroup and network namespace) and its containers and volumes.</summary>
public sealed record PodStats(
    PodReference Ref,
    DateTimeOffset StartTime,
    CpuStats? Cpu,
    MemoryStats? Memory,
    NetworkStats? Network,
    IReadOnlyList<ContainerStats> Containers,
    IReadOnlyList<VolumeStats> Volumes,
    FsStats? EphemeralStorage,
    ulong? ProcessCount);
