using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Controllers.EndpointSlice;

namespace Wharf.Controllers.EndpointSliceMirroring;

/// <summary>
/// Writes the <c>kubernetes</c> EndpointSlice from the Endpoints the API server keeps for itself (those carry the
/// skip-mirror label). Upstream's API server writes both objects; Wharf's writes the Endpoints only, so the slice
/// is derived here in the same shape: named after the service, only the service-name label, no owner, the first
/// subset's ready addresses and ports.
/// </summary>
internal sealed class ApiServerSlice(IApiClient client)
{
    public const string Namespace = "default";
    public const string ServiceName = "kubernetes";

    public static bool Is(string key) => key == $"{Namespace}/{ServiceName}";

    public async Task SyncAsync(JsonObject endpoints, JsonObject? current, CancellationToken ct)
    {
        var subset = (endpoints["subsets"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var addresses = (subset?["addresses"] as JsonArray ?? []).Select(a => a?["ip"].Str()).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var addressType = addresses.Count > 0 && addresses.All(a => a.Contains(':')) ? "IPv6" : "IPv4";
        var desired = new JsonObject
        {
            ["endpoints"] = new JsonArray(addresses.Select(ip => (JsonNode)new JsonObject
            {
                ["addresses"] = new JsonArray(ip),
                ["conditions"] = new JsonObject { ["ready"] = true },
            }).ToArray()),
            ["ports"] = new JsonArray((subset?["ports"] as JsonArray ?? []).Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p?["name"].Str() ?? "",
                ["port"] = p?["port"]?.DeepClone(),
                ["protocol"] = p?["protocol"].Str() ?? "TCP",
            }).ToArray()),
        };
        var labels = new JsonObject { [EndpointSliceLabels.ServiceName] = ServiceName };
        if (current is not null
            && current["addressType"].Str() == addressType
            && JsonNode.DeepEquals(current["endpoints"] as JsonArray ?? [], desired["endpoints"])
            && JsonNode.DeepEquals(current["ports"] as JsonArray ?? [], desired["ports"])
            && JsonNode.DeepEquals(current["metadata"]?["labels"], labels))
            return;

        var slice = current?.DeepClone().AsObject() ?? new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject { ["name"] = ServiceName, ["namespace"] = Namespace },
        };
        slice["metadata"]!["labels"] = labels;
        slice["addressType"] = addressType;
        slice["endpoints"] = desired["endpoints"]!.DeepClone();
        slice["ports"] = desired["ports"]!.DeepClone();
        if (current is not null && current["addressType"].Str() != addressType)
        {
            // addressType cannot change: replace the slice.
            await client.DeleteAsync(Resource.EndpointSlices, Namespace, ServiceName, null, ct);
            current = null;
            ((JsonObject)slice["metadata"]!).Remove("resourceVersion");
        }
        if (current is null) await client.CreateAsync(Resource.EndpointSlices, Namespace, slice, ct);
        else await client.UpdateAsync(Resource.EndpointSlices, slice, ct);
    }
}
