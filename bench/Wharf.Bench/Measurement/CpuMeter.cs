using System.Diagnostics;
using Wharf.Bench.Processes;

namespace Wharf.Bench.Measurement;

/// <summary>Samples the server's and our own CPU time at the start of a phase; <see cref="Stop"/> returns the difference.</summary>
internal sealed class CpuMeter
{
    private readonly int _serverPid;
    private readonly TimeSpan _server;
    private readonly TimeSpan _bench;
    private readonly long _start;

    private CpuMeter(int serverPid)
    {
        _serverPid = serverPid;
        _server = ProcessCpu.Read(serverPid);
        _bench = Process.GetCurrentProcess().TotalProcessorTime;
        _start = Stopwatch.GetTimestamp();
    }

    public static CpuMeter Start(int serverPid) => new(serverPid);

    public CpuUsage Stop() => new(
        ProcessCpu.Read(_serverPid) - _server,
        Process.GetCurrentProcess().TotalProcessorTime - _bench,
        Stopwatch.GetElapsedTime(_start));
}
