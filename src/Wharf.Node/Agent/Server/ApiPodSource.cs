using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// The node's pods from the API server (fieldSelector spec.nodeName), with the status the pod workers last reported.
/// Upstream serves its in-memory pod manager; asking the API costs one list per request and keeps the pod workers
/// free of a second read path.
/// </summary>
internal sealed class ApiPodSource(IApiClient client, string nodeName) : IPodSource
{
    public async Task<IReadOnlyList<JsonObject>> PodsAsync(CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(Resource.Pods, null, new ListOptions { FieldSelector = "spec.nodeName=" + nodeName }, cancellationToken);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }
}
