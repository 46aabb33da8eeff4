using System.Text.RegularExpressions;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// Where the agent's time per pod went, from its <c>wharf_pod_startup_step_seconds</c> summary (sum and count per
/// step, read from the agent's <c>/metrics</c> before and after a wave). An agent without it reports nothing.
/// </summary>
internal sealed partial class StartupSteps
{
    private const string Metric = "wharf_pod_startup_step_seconds";
    private readonly Dictionary<string, (double Sum, double Count)> _steps;

    private StartupSteps(Dictionary<string, (double Sum, double Count)> steps) => _steps = steps;

    public static async Task<StartupSteps> ReadAsync(AgentServer node, CancellationToken ct)
    {
        string text;
        try
        {
            text = await node.ReadAgentMetricsAsync(ct);
        }
        catch (HttpRequestException)
        {
            return new StartupSteps([]);
        }
        return Parse(text);
    }

    internal static StartupSteps Parse(string text)
    {
        var steps = new Dictionary<string, (double Sum, double Count)>(StringComparer.Ordinal);
        foreach (Match m in StepLabel().Matches(text))
        {
            var step = m.Groups[1].Value;
            if (steps.ContainsKey(step))
                continue;
            var label = $"step=\"{step}\"";
            steps[step] = (PrometheusText.Sum(text, Metric + "_sum", label), PrometheusText.Sum(text, Metric + "_count", label));
        }
        return new StartupSteps(steps);
    }

    public StartupSteps Minus(StartupSteps before) => new(_steps.ToDictionary(s => s.Key, s =>
    {
        var b = before._steps.GetValueOrDefault(s.Key);
        return (s.Value.Sum - b.Sum, s.Value.Count - b.Count);
    }, StringComparer.Ordinal));

    public override string ToString() => _steps.Count == 0
        ? "not reported by this agent"
        : string.Join(", ", _steps.Where(s => s.Value.Count > 0).Select(s => $"{s.Key} {s.Value.Sum / s.Value.Count * 1000:F0} ms (n={s.Value.Count:F0})"));

    [GeneratedRegex("^" + Metric + "_sum\\{step=\"([a-z_]+)\"", RegexOptions.Multiline)]
    private static partial Regex StepLabel();
}
