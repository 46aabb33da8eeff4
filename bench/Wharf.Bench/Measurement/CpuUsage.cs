namespace Wharf.Bench.Measurement;

/// <summary>CPU the measured server and this benchmark used during one phase, against the phase's wall time.</summary>
internal sealed record CpuUsage(TimeSpan Server, TimeSpan Bench, TimeSpan Wall)
{
    /// <summary>Share of all cores busy with server plus benchmark: near 100% means the machine, not the server's design, capped the rate.</summary>
    public double MachineBusyPercent => 100 * (Server + Bench).TotalSeconds / (Wall.TotalSeconds * Environment.ProcessorCount);

    public double ServerMicrosecondsPer(long operations) => operations == 0 ? double.NaN : Server.TotalMicroseconds / operations;

    /// <summary>
    /// This benchmark's own CPU per operation: it shares the cores with the server, so a costly client lowers the
    /// rate. For Wharf it builds each JSON body, sends it over HTTP/2 with TLS and parses the answer's resourceVersion; for
    /// etcd it builds the same body and puts it over gRPC.
    /// </summary>
    public double BenchMicrosecondsPer(long operations) => operations == 0 ? double.NaN : Bench.TotalMicroseconds / operations;
}
