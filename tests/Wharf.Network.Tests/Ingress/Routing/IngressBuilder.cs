using System.Text.Json.Nodes;

namespace Wharf.Network.Tests.Ingress.Routing;

/// <summary>Builds Ingress JSON for tests: <c>new IngressBuilder("web").Rule("a.test", "/", "Prefix", "svc", 80).Json</c>.</summary>
internal sealed class IngressBuilder
{
    private readonly JsonObject _ingress;
    private readonly JsonArray _rules = [];
    private readonly JsonArray _tls = [];

    public IngressBuilder(string name, string ns = "default", string? className = "wharf", string created = "2026-01-01T00:00:00Z")
    {
        var spec = new JsonObject { ["rules"] = _rules, ["tls"] = _tls };
        if (className is not null) spec["ingressClassName"] = className;
        _ingress = new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = created },
            ["spec"] = spec,
        };
    }

    public JsonObject Json => _ingress;

    public IngressBuilder Rule(string? host, string path, string pathType, string service, object port)
    {
        var rule = _rules.OfType<JsonObject>().FirstOrDefault(r => r["host"]?.GetValue<string>() == host);
        if (rule is null)
        {
            rule = new JsonObject { ["http"] = new JsonObject { ["paths"] = new JsonArray() } };
            if (host is not null) rule["host"] = host;
            _rules.Add(rule);
        }
        rule["http"]!["paths"]!.AsArray().Add(new JsonObject { ["path"] = path, ["pathType"] = pathType, ["backend"] = Backend(service, port) });
        return this;
    }

    public IngressBuilder Default(string service, object port)
    {
        _ingress["spec"]!["defaultBackend"] = Backend(service, port);
        return this;
    }

    public IngressBuilder Tls(string? secret, params string[] hosts)
    {
        var entry = new JsonObject { ["hosts"] = new JsonArray(hosts.Select(h => (JsonNode?)h).ToArray()) };
        if (secret is not null) entry["secretName"] = secret;
        _tls.Add(entry);
        return this;
    }

    public IngressBuilder Annotation(string key, string value)
    {
        _ingress["metadata"]!["annotations"] = new JsonObject { [key] = value };
        return this;
    }

    private static JsonObject Backend(string service, object port) => new()
    {
        ["service"] = new JsonObject
        {
            ["name"] = service,
            ["port"] = port is int number ? new JsonObject { ["number"] = number } : new JsonObject { ["name"] = (string)port },
        },
    };
}
