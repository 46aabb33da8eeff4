namespace Wharf.Node.Agent.Stats;

/// <summary>The interfaces of a network namespace; the default one (eth0 in a pod) is repeated at the top level, as upstream.</summary>
public sealed record NetworkStats(DateTimeOffset Time, InterfaceStats? Default, IReadOnlyList<InterfaceStats> Interfaces);
