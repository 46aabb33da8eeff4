using System.Text;
using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Agent.Server;

/// <summary><c>GET /metrics/resource</c>: node, pod and container CPU and memory in Prometheus text, as metrics-server scrapes it.</summary>
internal sealed class ResourceMetricsEndpoint(StatsSampler sampler)
{
    public async Task HandleAsync(Stream connection, CancellationToken cancellationToken)
    {
        var text = ResourceMetricsText.Build(await sampler.LatestAsync(cancellationToken));
        await HttpResponses.OkAsync(connection, ResourceMetricsText.ContentType, Encoding.UTF8.GetBytes(text), cancellationToken);
    }
}
