using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wharf.Node.Agent.Pods;
using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// <c>GET /metrics</c>: the agent's own gauges under kubelet's names (node name, running pods and containers) and
/// the standard process metrics, and where pod startups spent their time (<see cref="PodStartupSteps"/>), written by
/// hand: a handful of lines do not justify a metrics library in the agent.
/// </summary>
internal sealed class AgentMetricsEndpoint(StatsSampler sampler, string nodeName, PodStartupSteps? startupSteps = null)
{
    public async Task HandleAsync(Stream connection, CancellationToken cancellationToken)
    {
        var snapshot = await sampler.LatestAsync(cancellationToken);
        using var process = Process.GetCurrentProcess();
        var text = new StringBuilder();
        Gauge(text, "kubelet_node_name", "[ALPHA] The node's name. The count is always 1.", $"{{node=\"{nodeName}\"}} 1");
        Gauge(text, "kubelet_running_pods", "[ALPHA] Number of pods that have a running pod sandbox", $" {snapshot.Pods.Count}");
        Gauge(text, "kubelet_running_containers", "[ALPHA] Number of containers currently running",
            $"{{container_state=\"running\"}} {snapshot.Pods.Sum(p => p.Containers.Count)}");
        Family(text, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
            " " + process.TotalProcessorTime.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        Gauge(text, "process_resident_memory_bytes", "Resident memory size in bytes.", " " + process.WorkingSet64.ToString(CultureInfo.InvariantCulture));
        Gauge(text, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
            " " + new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        startupSteps?.WriteTo(text);
        await HttpResponses.OkAsync(connection, ResourceMetricsText.ContentType, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
    }

    private static void Gauge(StringBuilder text, string name, string help, string sample) => Family(text, name, "gauge", help, sample);

    private static void Family(StringBuilder text, string name, string type, string help, string sample) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name}{sample}\n");
}
