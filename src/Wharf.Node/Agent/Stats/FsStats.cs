namespace Wharf.Node.Agent.Stats;

/// <summary>Usage of a filesystem or of a folder on one; capacity, availability and inode totals only where known.</summary>
public sealed record FsStats(
    DateTimeOffset Time,
    ulong? UsedBytes,
    ulong? CapacityBytes = null,
    ulong? AvailableBytes = null,
    ulong? Inodes = null,
    ulong? InodesFree = null,
    ulong? InodesUsed = null);
