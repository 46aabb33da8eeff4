namespace Wharf.Node.Agent.Stats;

/// <summary>One container of a pod: its resource use, writable layer (rootfs) and log files.</summary>
public sealed record ContainerStats(string Name, string Id, DateTimeOffset StartTime, CpuStats? Cpu, MemoryStats? Memory, FsStats? Rootfs, FsStats? Logs);
