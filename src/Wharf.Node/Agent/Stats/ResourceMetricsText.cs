using System.Globalization;
using System.Text;

namespace Wharf.Node.Agent.Stats;

/// <summary>
/// A stats round as the kubelet's /metrics/resource: Prometheus text with upstream's metric names, help texts and
/// labels (what metrics-server scrapes). Every sample carries the time of its reading in milliseconds, as upstream.
/// </summary>
internal static class ResourceMetricsText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Build(StatsSnapshot snapshot)
    {
        var text = new StringBuilder();
        var pods = snapshot.Pods;
        var containers = pods.SelectMany(p => p.Containers.Select(c => (Pod: p.Ref, Container: c))).ToList();

        Family(text, "container_cpu_usage_seconds_total", "counter", "[STABLE] Cumulative cpu time consumed by the container in core-seconds",
            containers.Where(x => x.Container.Cpu is not null)
                .Select(x => Sample(ContainerLabels(x.Pod, x.Container), Seconds(x.Container.Cpu!.UsageCoreNanoSeconds), x.Container.Cpu.Time)));
        Family(text, "container_memory_working_set_bytes", "gauge", "[STABLE] Current working set of the container in bytes",
            containers.Where(x => x.Container.Memory is not null)
                .Select(x => Sample(ContainerLabels(x.Pod, x.Container), Integer(x.Container.Memory!.WorkingSetBytes), x.Container.Memory.Time)));
        Family(text, "container_start_time_seconds", "gauge", "[STABLE] Start time of the container since unix epoch in seconds",
            containers.Select(x => Sample(ContainerLabels(x.Pod, x.Container),
                Float(x.Container.StartTime.ToUnixTimeMilliseconds() / 1000.0), x.Container.StartTime)));
        Family(text, "node_cpu_usage_seconds_total", "counter", "[STABLE] Cumulative cpu time consumed by the node in core-seconds",
            [Sample("", Seconds(snapshot.Node.Cpu.UsageCoreNanoSeconds), snapshot.Node.Cpu.Time)]);
        Family(text, "node_memory_working_set_bytes", "gauge", "[STABLE] Current working set of the node in bytes",
            [Sample("", Integer(snapshot.Node.Memory.WorkingSetBytes), snapshot.Node.Memory.Time)]);
        Family(text, "pod_cpu_usage_seconds_total", "counter", "[STABLE] Cumulative cpu time consumed by the pod in core-seconds",
            pods.Where(p => p.Cpu is not null).Select(p => Sample(PodLabels(p.Ref), Seconds(p.Cpu!.UsageCoreNanoSeconds), p.Cpu.Time)));
        Family(text, "pod_memory_working_set_bytes", "gauge", "[STABLE] Current working set of the pod in bytes",
            pods.Where(p => p.Memory is not null).Select(p => Sample(PodLabels(p.Ref), Integer(p.Memory!.WorkingSetBytes), p.Memory.Time)));
        var failed = snapshot.Errors > 0 ? "1" : "0";
        Family(text, "resource_scrape_error", "gauge", "[STABLE] 1 if there was an error while getting container metrics, 0 otherwise",
            [" " + failed]);
        Family(text, "scrape_error", "gauge", "[ALPHA] (Deprecated since 1.29.0) 1 if there was an error while getting container metrics, 0 otherwise",
            [" " + failed]);
        return text.ToString();
    }

    private static void Family(StringBuilder text, string name, string type, string help, IEnumerable<string> samples)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var sample in samples)
            text.Append(name).Append(sample).Append('\n');
    }

    private static string Sample(string labels, string value, DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{labels} {value} {time.ToUnixTimeMilliseconds()}");

    /// <summary>Labels in the order the Prometheus encoder writes them (sorted by name).</summary>
    private static string ContainerLabels(PodReference pod, ContainerStats container) =>
        $"{{container=\"{Escape(container.Name)}\",namespace=\"{Escape(pod.Namespace)}\",pod=\"{Escape(pod.Name)}\"}}";

    private static string PodLabels(PodReference pod) => $"{{namespace=\"{Escape(pod.Namespace)}\",pod=\"{Escape(pod.Name)}\"}}";

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string Seconds(ulong nanoseconds) => Float(nanoseconds / 1e9);

    private static string Integer(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Float(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
