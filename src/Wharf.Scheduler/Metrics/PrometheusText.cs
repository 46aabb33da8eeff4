using System.Globalization;

namespace Wharf.Scheduler.Metrics;

/// <summary>Writes metric families in the Prometheus text exposition format (version 0.0.4).</summary>
internal sealed class PrometheusText(TextWriter writer)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public void Header(string name, string type, string help)
    {
        writer.Write("# HELP ");
        writer.Write(name);
        writer.Write(' ');
        writer.WriteLine(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        writer.Write("# TYPE ");
        writer.Write(name);
        writer.Write(' ');
        writer.WriteLine(type);
    }

    public void Sample(string name, IReadOnlyList<(string Name, string Value)> labels, double value)
    {
        writer.Write(name);
        if (labels.Count > 0)
        {
            writer.Write('{');
            for (var i = 0; i < labels.Count; i++)
            {
                if (i > 0) writer.Write(',');
                writer.Write(labels[i].Name);
                writer.Write("=\"");
                writer.Write(Escape(labels[i].Value));
                writer.Write('"');
            }
            writer.Write('}');
        }
        writer.Write(' ');
        writer.WriteLine(Format(value));
    }

    public void Histogram(string name, IReadOnlyList<(string Name, string Value)> labels, Histogram histogram)
    {
        var (cumulative, sum, count) = histogram.Read();
        for (var i = 0; i < cumulative.Length; i++)
            Sample(name + "_bucket", [.. labels, ("le", Format(histogram.Bounds[i]))], cumulative[i]);
        Sample(name + "_bucket", [.. labels, ("le", "+Inf")], count);
        Sample(name + "_sum", labels, sum);
        Sample(name + "_count", labels, count);
    }

    private static string Format(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
