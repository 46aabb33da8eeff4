using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Where the agent's time goes while it starts a pod for the first time, step by step (admission, volumes, sandbox,
/// pod IP, image check, create, start, status post, and the whole way from the pod's arrival to its Running status),
/// kept as one Prometheus summary (<c>wharf_pod_startup_step_seconds</c>, sum and count per step) that the kubelet
/// API's <c>/metrics</c> serves. Steps of later syncs (restarts) are not counted: they would blur the startup figures.
/// </summary>
internal sealed class PodStartupSteps
{
    public const string Metric = "wharf_pod_startup_step_seconds";

    public const string Admission = "admission";
    public const string Queue = "queue";
    public const string Volumes = "volumes";
    public const string Sandbox = "sandbox";
    public const string PodIp = "pod_ip";
    public const string Image = "image";
    public const string Create = "create";
    public const string Start = "start";
    public const string Status = "status";
    public const string Total = "total";

    private readonly ConcurrentDictionary<string, Totals> _steps = new(StringComparer.Ordinal);

    public void Record(string step, TimeSpan elapsed)
    {
        var totals = _steps.GetOrAdd(step, _ => new Totals());
        lock (totals)
        {
            totals.Seconds += elapsed.TotalSeconds;
            totals.Count++;
        }
    }

    /// <summary>The summary in the Prometheus text format, steps in name order.</summary>
    public void WriteTo(StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {Metric} Time the agent spent in each step of a pod's first start.\n# TYPE {Metric} summary\n");
        foreach (var (step, totals) in _steps.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            double seconds;
            long count;
            lock (totals)
            {
                seconds = totals.Seconds;
                count = totals.Count;
            }
            text.Append(CultureInfo.InvariantCulture, $"{Metric}_sum{{step=\"{step}\"}} {seconds:R}\n{Metric}_count{{step=\"{step}\"}} {count}\n");
        }
    }

    private sealed class Totals
    {
        public double Seconds;
        public long Count;
    }
}
