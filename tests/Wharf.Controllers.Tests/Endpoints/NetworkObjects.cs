using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Controllers.Tests.Endpoints;

/// <summary>Services and pods for the endpoint controllers' tests; the test plays the kubelet by writing pod status.</summary>
internal static class NetworkObjects
{
    /// <summary>The EndpointSlices of a Service in "default", found by their service-name label.</summary>
    public static async Task<List<JsonObject>> SlicesAsync(IApiClient client, string service) =>
        (await client.ListAsync(Resource.EndpointSlices, "default",
            new ListOptions { LabelSelector = $"{Wharf.Controllers.EndpointSlice.EndpointSliceLabels.ServiceName}={service}" }, CancellationToken.None))["items"]!
            .AsArray().OfType<JsonObject>().ToList();

    public static JsonObject Service(string name, JsonObject? selector, params JsonObject[] ports) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["tier"] = "front" } },
        ["spec"] = new JsonObject
        {
            ["selector"] = selector,
            ["ports"] = new JsonArray(ports.Select(p => (JsonNode)p).ToArray()),
        },
    };

    public static JsonObject Port(string name, int port, JsonNode targetPort) =>
        new() { ["name"] = name, ["port"] = port, ["protocol"] = "TCP", ["targetPort"] = targetPort };

    public static JsonObject Pod(string name, string app, int containerPort, string? node = null, string? hostname = null, string? subdomain = null)
    {
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "c",
                ["image"] = "busybox",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = containerPort, ["protocol"] = "TCP" }),
            }),
        };
        if (node is not null) spec["nodeName"] = node;
        if (hostname is not null) spec["hostname"] = hostname;
        if (subdomain is not null) spec["subdomain"] = subdomain;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = app } },
            ["spec"] = spec,
        };
    }

    /// <summary>Running with <paramref name="ip"/>, Ready as given.</summary>
    public static Task SetStatusAsync(IApiClient client, string pod, string ip, bool ready, CancellationToken ct) =>
        client.PatchAsync(Resource.Pods, "default", pod, PatchType.Merge, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = ip,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = ready ? "True" : "False",
                    ["lastTransitionTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                }),
            },
        }, new PatchOptions { Subresource = "status" }, ct);

    public static IEnumerable<string> Ips(JsonNode? addresses) =>
        (addresses as JsonArray ?? []).Select(a => a!["ip"]!.GetValue<string>()).Order(StringComparer.Ordinal);
}
