using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Bench.Ingress;

/// <summary>The figures of one <c>wrk --latency</c> run, read from its summary.</summary>
/// <param name="CpuMicrosecondsPerRequest">CPU of the process(es) under test per request, filled in by the caller.</param>
internal sealed partial record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long SocketErrors, long Requests, double CpuMicrosecondsPerRequest = double.NaN)
{
    public static WrkResult Parse(string output)
    {
        var rps = RequestsPerSec().Match(output);
        var p50 = Percentile("50%").Match(output);
        var p99 = Percentile("99%").Match(output);
        if (!rps.Success || !p50.Success || !p99.Success)
            throw new InvalidOperationException("wrk printed no summary:\n" + output);
        var non2xx = Non2xxLine().Match(output);
        var errors = SocketErrorsLine().Match(output);
        var requests = RequestsLine().Match(output);
        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(p50.Groups[1].Value, p50.Groups[2].Value),
            Milliseconds(p99.Groups[1].Value, p99.Groups[2].Value),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors.Success ? errors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0,
            requests.Success ? long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>wrk prints latencies with their own unit: 850.00us, 1.34ms, 1.02s, 2.00m.</summary>
    private static double Milliseconds(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => throw new FormatException($"unknown wrk latency unit '{unit}'"),
        };
    }

    private static Regex Percentile(string which) => new($@"^\s+{Regex.Escape(which)}\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSec();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
