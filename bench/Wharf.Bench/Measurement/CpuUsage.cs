namespace Wharf.Bench.Measurement;

/// <summary>CPU the measured server and this benchmark used during one phase, against the phase's wall time.</summary>
internal sealed record CpuUsage(TimeSpan Server, TimeSpan Bench, TimeSpan Wall)
{
    /// <summary>Share of all cores busy with server plus benchmark: near 100% means the machine, not the server's design, capped the rate.</summary>
    public double MachineBusyPercent => 100 * (Server + Bench).TotalSeconds / (Wall.TotalSeconds * Environment.ProcessorCount);

    public double ServerMicrosecondsPer(long operations) => operations == 0 ? double.NaN : Server.TotalMicroseconds / operations;
}
