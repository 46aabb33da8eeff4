namespace Wharf.Node.Agent.Stats;

/// <summary>Byte and error counters of one network interface (cumulative since it came up).</summary>
public sealed record InterfaceStats(string Name, ulong RxBytes, ulong RxErrors, ulong TxBytes, ulong TxErrors);
