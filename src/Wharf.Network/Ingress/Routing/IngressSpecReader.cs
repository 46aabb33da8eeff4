using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Network.Ingress.Routing;

/// <summary>
/// Reads an Ingress's rules, default backend and TLS list. Entries the controller cannot route (resource backends,
/// a path without a backend) are left out rather than failing the whole Ingress.
/// </summary>
internal static class IngressSpecReader
{
    public static IngressSpec Read(JsonObject ingress)
    {
        var ns = ObjectMeta.Namespace(ingress) ?? "default";
        var name = ObjectMeta.Name(ingress) ?? "";
        var spec = ingress["spec"] as JsonObject;
        var paths = new List<IngressPath>();
        foreach (var rule in (spec?["rules"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var host = HostName.Normalize(Str(rule["host"]) ?? "");
            foreach (var path in (rule["http"]?["paths"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (Backend(ns, path["backend"]) is not { } backend) continue;
                var kind = Str(path["pathType"]) == "Exact" ? PathKind.Exact : PathKind.Prefix;
                paths.Add(new IngressPath(host, Str(path["path"]) is { Length: > 0 } p ? p : "/", kind, backend));
            }
        }

        var tls = new List<IngressTls>();
        foreach (var entry in (spec?["tls"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var hosts = (entry["hosts"] as JsonArray)?.Select(Str).OfType<string>().Select(HostName.Normalize).ToList() ?? [];
            tls.Add(new IngressTls(hosts, Str(entry["secretName"]) is { Length: > 0 } s ? s : null));
        }
        return new IngressSpec(ns, name, paths, Backend(ns, spec?["defaultBackend"]), tls);
    }

    private static IngressBackend? Backend(string ns, JsonNode? backend)
    {
        var service = backend?["service"];
        if (Str(service?["name"]) is not { Length: > 0 } name) return null;
        var port = service?["port"];
        var number = port?["number"] is JsonValue v && v.TryGetValue<int>(out var n) && n > 0 ? n : (int?)null;
        var portName = number is null ? Str(port?["name"]) : null;
        return new IngressBackend(ns, name, number, portName);
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
