using System.Text;
using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// <c>GET|POST /stats/summary[?only_cpu_and_memory=true]</c>: the latest stats round as a stats/v1alpha1 Summary.
/// </summary>
internal sealed class StatsSummaryEndpoint(StatsSampler sampler)
{
    public async Task HandleAsync(HttpRequestHead request, Stream connection, CancellationToken cancellationToken)
    {
        var summary = SummaryJson.Build(await sampler.LatestAsync(cancellationToken), request.QueryFlag("only_cpu_and_memory"));
        await HttpResponses.OkAsync(connection, "application/json", Encoding.UTF8.GetBytes(summary.ToJsonString()), cancellationToken);
    }
}
