using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Endpoints;

/// <summary>
/// What the endpoint controllers read from a pod (upstream's endpoint utilities): readiness, whether it belongs in
/// endpoints at all, its IPs, the port a service port resolves to on it, and its DNS hostname.
/// </summary>
internal static class PodEndpoints
{
    public static bool IsReady(JsonObject pod) => ReadyCondition(pod)?["status"].Str() == "True";

    /// <summary>When the pod last turned ready or not ready: the change the endpoints trigger time reports.</summary>
    public static DateTimeOffset? ReadyTransitionTime(JsonObject pod) => JsonHelpers.ParseTime(ReadyCondition(pod)?["lastTransitionTime"].Str());

    public static bool IsTerminating(JsonObject pod) => ObjectMeta.IsBeingDeleted(pod);

    /// <summary>Finished pods never serve; pods without an IP cannot; terminating ones only when asked for.</summary>
    public static bool ShouldBeInEndpoints(JsonObject pod, bool includeTerminating)
    {
        if (pod["status"]?["phase"].Str() is "Succeeded" or "Failed") return false;
        if (Ips(pod).Count == 0) return false;
        return includeTerminating || !IsTerminating(pod);
    }

    public static IReadOnlyList<string> Ips(JsonObject pod)
    {
        var ips = (pod["status"]?["podIPs"] as JsonArray ?? []).Select(p => p?["ip"].Str()).OfType<string>().Where(ip => ip.Length > 0).ToList();
        if (ips.Count == 0 && pod["status"]?["podIP"].Str() is { Length: > 0 } ip) ips.Add(ip);
        return ips;
    }

    /// <summary>The pod's address of an address family (<c>IPv4</c>/<c>IPv6</c>), or null.</summary>
    public static string? IpOf(JsonObject pod, string family) => Ips(pod).FirstOrDefault(ip => AddressFamily(ip) == family);

    public static string AddressFamily(string ip) => ip.Contains(':') ? "IPv6" : "IPv4";

    /// <summary>
    /// The port a service port reaches on this pod: a named targetPort is looked up among the pod's container ports
    /// of the same protocol, a number is taken as is, none means the service port. Null when the name is unknown.
    /// </summary>
    public static int? FindPort(JsonObject pod, JsonObject servicePort)
    {
        var target = servicePort["targetPort"];
        if (target is JsonValue v && v.TryGetValue<string>(out var name))
        {
            if (int.TryParse(name, out var numeric)) return numeric;
            var protocol = servicePort["protocol"].Str() ?? "TCP";
            foreach (var container in pod["spec"]?["containers"] as JsonArray ?? [])
            {
                foreach (var port in container?["ports"] as JsonArray ?? [])
                {
                    if (port?["name"].Str() == name && (port["protocol"].Str() ?? "TCP") == protocol && Int(port["containerPort"]) is { } containerPort)
                        return containerPort;
                }
            }
            return null;
        }
        return Int(target) is { } number and > 0 ? number : Int(servicePort["port"]);
    }

    /// <summary>A pod gets a DNS hostname in the service's records when its subdomain is the service's name.</summary>
    public static string? Hostname(JsonObject pod, JsonObject service) =>
        pod["spec"]?["hostname"].Str() is { Length: > 0 } hostname
        && pod["spec"]?["subdomain"].Str() == ObjectMeta.Name(service)
        && ObjectMeta.Namespace(pod) == ObjectMeta.Namespace(service)
            ? hostname
            : null;

    public static string? NodeName(JsonObject pod) => pod["spec"]?["nodeName"].Str() is { Length: > 0 } node ? node : null;

    public static JsonObject TargetRef(JsonObject pod) => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = ObjectMeta.Namespace(pod),
        ["name"] = ObjectMeta.Name(pod),
        ["uid"] = ObjectMeta.Uid(pod),
    };

    public static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    private static JsonNode? ReadyCondition(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"].Str() == "Ready");
}
