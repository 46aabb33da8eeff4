namespace Wharf.Bench.PodStartup;

/// <summary>
/// The joined agent's own cost over a window with <see cref="Pods"/> pods running: its RSS (and peak), PSS and private
/// memory (<see cref="SmapsRollup"/>), threads, the
/// API requests it made per minute (the server's count over the window less what the control plane makes by itself)
/// and its CPU per minute (its own process, not containerd's), plus the RSS of the containerd it supervises.
/// </summary>
internal sealed record AgentFigures(int Pods, double RssMegabytes, double PeakRssMegabytes, SmapsRollup Smaps, int Threads, double ContainerdMegabytes,
    double RequestsPerMinute, double CpuMillisecondsPerMinute)
{
    public static async Task<AgentFigures> MeasureAsync(AgentServer node, int pods, TimeSpan window, double controlPlaneRequestsPerMinute, CancellationToken ct)
    {
        var requests = await node.ReadApiRequestCountAsync(ct);
        var cpu = node.ReadAgentCpu();
        await Task.Delay(window, ct);
        var cpuPerMinute = (node.ReadAgentCpu() - cpu).TotalMilliseconds / window.TotalMinutes;
        // Less the read itself and the control plane's own requests over the same time.
        var requestsPerMinute = (await node.ReadApiRequestCountAsync(ct) - requests - 1) / window.TotalMinutes - controlPlaneRequestsPerMinute;
        var memory = node.ReadAgentMemory();
        return new AgentFigures(pods, memory.RssMegabytes, memory.PeakRssMegabytes, node.ReadAgentSmaps(), node.ReadAgentThreads(), node.ReadContainerdMegabytes(),
            Math.Max(0, requestsPerMinute), cpuPerMinute);
    }

    public override string ToString() =>
        $"{Pods} pods, RSS {RssMegabytes:F0} MB (peak {PeakRssMegabytes:F0}, PSS {Smaps.PssMegabytes:F0}, private {Smaps.PrivateMegabytes:F0}), {Threads} threads, containerd {ContainerdMegabytes:F0} MB, "
        + $"{RequestsPerMinute:F1} API requests/min, CPU {CpuMillisecondsPerMinute:F0} ms/min";
}
