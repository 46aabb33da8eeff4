using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Bench.Dns;

/// <summary>The figures of one dnsperf run, read from its summary.</summary>
internal sealed partial record DnsperfResult(double Qps, double AverageLatencyMs, long Lost)
{
    public static DnsperfResult Parse(string output)
    {
        var qps = QueriesPerSecond().Match(output);
        var latency = AverageLatency().Match(output);
        var lost = QueriesLost().Match(output);
        if (!qps.Success || !latency.Success)
            throw new InvalidOperationException("dnsperf printed no summary:\n" + output);
        return new DnsperfResult(
            double.Parse(qps.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) * 1000,
            lost.Success ? long.Parse(lost.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"Queries per second:\s+([0-9.]+)")]
    private static partial Regex QueriesPerSecond();

    [GeneratedRegex(@"Average Latency \(s\):\s+([0-9.]+)")]
    private static partial Regex AverageLatency();

    [GeneratedRegex(@"Queries lost:\s+(\d+)")]
    private static partial Regex QueriesLost();
}
