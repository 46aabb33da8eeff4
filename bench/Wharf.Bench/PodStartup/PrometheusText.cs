using System.Globalization;

namespace Wharf.Bench.PodStartup;

/// <summary>Sums of samples in the Prometheus text format, by metric name and an optional label fragment.</summary>
internal static class PrometheusText
{
    /// <summary>
    /// The sum of every sample of <paramref name="metric"/> (exact name, any labels) whose label set contains
    /// <paramref name="labelFragment"/> (e.g. <c>step="sandbox"</c>).
    /// </summary>
    public static double Sum(string text, string metric, string? labelFragment = null)
    {
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal))
                continue;
            var rest = line.AsSpan(metric.Length);
            if (rest.Length == 0 || rest[0] is not ('{' or ' '))
                continue;
            var labelsEnd = rest[0] == '{' ? rest.IndexOf('}') : -1;
            if (labelFragment is not null && (labelsEnd < 0 || !rest[..labelsEnd].Contains(labelFragment, StringComparison.Ordinal)))
                continue;
            var value = rest[(labelsEnd + 1)..].Trim();
            var space = value.IndexOf(' ');
            if (space > 0)
                value = value[..space]; // a timestamp may follow the value
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                sum += v;
        }
        return sum;
    }
}
