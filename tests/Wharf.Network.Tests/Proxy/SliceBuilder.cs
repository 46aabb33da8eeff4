using System.Text.Json.Nodes;

namespace Wharf.Network.Tests.Proxy;

/// <summary>Fluent EndpointSlice JSON owned by a service through the kubernetes.io/service-name label.</summary>
internal sealed class SliceBuilder
{
    private readonly JsonObject _slice;

    private SliceBuilder(string ns, string name, string service)
    {
        _slice = new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject { ["namespace"] = ns, ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service } },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(),
            ["ports"] = new JsonArray(),
        };
    }

    public static SliceBuilder For(string service, string suffix = "abc", string ns = "default") => new(ns, $"{service}-{suffix}", service);

    public SliceBuilder Port(int port, string name = "", string protocol = "TCP")
    {
        ((JsonArray)_slice["ports"]!).Add(new JsonObject { ["name"] = name, ["port"] = port, ["protocol"] = protocol });
        return this;
    }

    public SliceBuilder Endpoint(string ip, string? node = "node-a", bool? ready = true, bool? serving = null, bool? terminating = null)
    {
        var conditions = new JsonObject();
        if (ready is not null) conditions["ready"] = ready;
        if (serving is not null) conditions["serving"] = serving;
        if (terminating is not null) conditions["terminating"] = terminating;
        var endpoint = new JsonObject { ["addresses"] = new JsonArray(ip), ["conditions"] = conditions };
        if (node is not null) endpoint["nodeName"] = node;
        ((JsonArray)_slice["endpoints"]!).Add(endpoint);
        return this;
    }

    public JsonObject Obj() => _slice;
}
