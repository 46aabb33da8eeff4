using System.Text.Json.Nodes;

namespace Wharf.Network.Tests.Proxy;

/// <summary>Fluent Service JSON, as the informers would hold it.</summary>
internal sealed class ServiceBuilder
{
    private readonly JsonObject _service;
    private readonly JsonObject _spec;

    private ServiceBuilder(string ns, string name, string clusterIp)
    {
        _spec = new JsonObject { ["type"] = "ClusterIP", ["ports"] = new JsonArray() };
        if (clusterIp.Length > 0)
        {
            _spec["clusterIP"] = clusterIp;
            _spec["clusterIPs"] = new JsonArray(clusterIp);
        }
        _service = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["namespace"] = ns, ["name"] = name, ["labels"] = new JsonObject() },
            ["spec"] = _spec,
        };
    }

    /// <summary>An empty <paramref name="clusterIp"/> leaves it to the API server to allocate.</summary>
    public static ServiceBuilder Make(string name, string clusterIp, string ns = "default") => new(ns, name, clusterIp);

    public ServiceBuilder Port(int port, string name = "", string protocol = "TCP", int nodePort = 0)
    {
        var entry = new JsonObject { ["port"] = port, ["protocol"] = protocol, ["targetPort"] = port };
        if (name.Length > 0) entry["name"] = name;
        if (nodePort > 0) entry["nodePort"] = nodePort;
        ((JsonArray)_spec["ports"]!).Add(entry);
        return this;
    }

    public ServiceBuilder Type(string type)
    {
        _spec["type"] = type;
        return this;
    }

    public ServiceBuilder ExternalIps(params string[] ips)
    {
        _spec["externalIPs"] = new JsonArray(ips.Select(ip => (JsonNode?)ip).ToArray());
        return this;
    }

    public ServiceBuilder LoadBalancer(string[] ingressIps, params string[] sourceRanges)
    {
        _spec["type"] = "LoadBalancer";
        if (sourceRanges.Length > 0) _spec["loadBalancerSourceRanges"] = new JsonArray(sourceRanges.Select(r => (JsonNode?)r).ToArray());
        _service["status"] = new JsonObject
        {
            ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(ingressIps.Select(ip => (JsonNode?)new JsonObject { ["ip"] = ip }).ToArray()) },
        };
        return this;
    }

    public ServiceBuilder Affinity(int timeoutSeconds)
    {
        _spec["sessionAffinity"] = "ClientIP";
        _spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = timeoutSeconds } };
        return this;
    }

    public ServiceBuilder ExternalLocal(int healthCheckNodePort = 0)
    {
        _spec["externalTrafficPolicy"] = "Local";
        if (healthCheckNodePort > 0) _spec["healthCheckNodePort"] = healthCheckNodePort;
        return this;
    }

    public ServiceBuilder InternalLocal()
    {
        _spec["internalTrafficPolicy"] = "Local";
        return this;
    }

    public ServiceBuilder Label(string key, string value)
    {
        _service["metadata"]!["labels"]![key] = value;
        return this;
    }

    public JsonObject Obj() => _service;
}
