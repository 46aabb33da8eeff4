namespace Wharf.Node.Agent.Stats;

/// <summary>
/// Memory of a cgroup or the node. Working set is usage minus inactive file pages (what the kernel can drop
/// cheaply), the figure eviction and <c>kubectl top</c> use. Available is limit minus working set, when there is a limit.
/// </summary>
public sealed record MemoryStats(
    DateTimeOffset Time,
    ulong UsageBytes,
    ulong WorkingSetBytes,
    ulong RssBytes,
    ulong PageFaults,
    ulong MajorPageFaults,
    ulong? AvailableBytes = null);
