using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Network.Proxy.Model;

/// <summary>Turns a Service and its EndpointSlices (JSON as the informers hold them) into a <see cref="ProxyService"/>.</summary>
internal static class ServiceReader
{
    public const string NodeLocalLabel = "wharf.io/node-local";
    private const int DefaultAffinitySeconds = 10800;

    /// <summary>Null for services the proxy has nothing to do with: headless, ExternalName, or without an IPv4 ClusterIP.</summary>
    public static ProxyService? Read(JsonObject service, IEnumerable<JsonObject> slices)
    {
        var spec = service["spec"] as JsonObject;
        if (spec is null || Str(spec["type"]) == "ExternalName") return null;
        if (ClusterIp(spec) is not { } clusterIp) return null;
        var ns = ObjectMeta.Namespace(service) ?? "default";
        var name = ObjectMeta.Name(service) ?? "";
        var nodeLocal = ObjectMeta.Label(service, NodeLocalLabel) == "true";

        var type = Str(spec["type"]) ?? "ClusterIP";
        var externalIps = Addresses(Strings(spec["externalIPs"]));
        var lbIps = type == "LoadBalancer"
            ? Addresses((service["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).Select(i => Str(i?["ip"])))
            : [];
        // Wharf's built-in load balancer (no loadBalancerClass), like k3s' ServiceLB, also serves on each node's 127.0.0.1.
        if (lbIps.Count > 0 && Str(spec["loadBalancerClass"]) is null)
            lbIps = [.. lbIps, IPAddress.Loopback];
        var sourceRanges = Strings(spec["loadBalancerSourceRanges"]).Select(SourceRange).OfType<string>().Distinct().ToList();
        var affinity = Str(spec["sessionAffinity"]) == "ClientIP"
            ? (int?)spec["sessionAffinityConfig"]?["clientIP"]?["timeoutSeconds"] ?? DefaultAffinitySeconds
            : 0;
        var internalLocal = Str(spec["internalTrafficPolicy"]) == "Local";
        var externalLocal = Str(spec["externalTrafficPolicy"]) == "Local";
        var sliceList = slices.Where(s => Str(s["addressType"]) is null or "IPv4").ToList();

        var ports = new List<ProxyServicePort>();
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((int?)port["port"] is not { } number) continue;
            var protocol = (Str(port["protocol"]) ?? "TCP").ToLowerInvariant();
            var portName = Str(port["name"]) ?? "";
            var nodePort = type is "NodePort" or "LoadBalancer" ? (int?)port["nodePort"] ?? 0 : 0;
            var servicePort = new ProxyServicePort
            {
                Namespace = ns,
                Name = name,
                Protocol = protocol,
                Port = number,
                PortName = portName,
                ClusterIp = clusterIp,
                NodePort = nodePort,
                ExternalIps = externalIps,
                LoadBalancerIps = lbIps,
                SourceRanges = sourceRanges,
                InternalPolicyLocal = internalLocal,
                AffinitySeconds = affinity,
                Endpoints = Endpoints(sliceList, portName, protocol),
            };
            ports.Add(servicePort with { ExternalPolicyLocal = externalLocal && servicePort.HasExternal });
        }
        var healthCheckPort = externalLocal ? (int?)spec["healthCheckNodePort"] ?? 0 : 0;
        return new ProxyService(ns, name, clusterIp, nodeLocal, ports, healthCheckPort);
    }

    private static IReadOnlyList<ProxyEndpoint> Endpoints(List<JsonObject> slices, string portName, string protocol)
    {
        var result = new List<ProxyEndpoint>();
        var seen = new HashSet<(IPAddress, int)>();
        foreach (var slice in slices)
        {
            // The slice states the resolved target port under the service port's name (named targetPorts differ per pod,
            // hence per slice).
            var slicePort = (slice["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p =>
                (Str(p["name"]) ?? "") == portName && (Str(p["protocol"]) ?? "TCP").Equals(protocol, StringComparison.OrdinalIgnoreCase));
            if ((int?)slicePort?["port"] is not { } target) continue;
            foreach (var endpoint in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var conditions = endpoint["conditions"];
                // Absent conditions mean ready (and serving as ready says), not terminating, as the API defines them.
                var ready = (bool?)conditions?["ready"] ?? true;
                var serving = (bool?)conditions?["serving"] ?? ready;
                var terminating = (bool?)conditions?["terminating"] ?? false;
                var nodeName = Str(endpoint["nodeName"]);
                foreach (var address in Addresses(Strings(endpoint["addresses"])))
                {
                    if (seen.Add((address, target)))
                        result.Add(new ProxyEndpoint(address, target, nodeName, ready, serving, terminating));
                }
            }
        }
        return result;
    }

    private static IPAddress? ClusterIp(JsonObject spec)
    {
        var candidates = (spec["clusterIPs"] as JsonArray ?? []).Select(Str).Append(Str(spec["clusterIP"]));
        foreach (var text in candidates)
        {
            if (text is not null && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork)
                return address;
        }
        return null;
    }

    private static IReadOnlyList<IPAddress> Addresses(IEnumerable<string?> texts)
    {
        var result = new List<IPAddress>();
        foreach (var text in texts)
        {
            if (text is not null && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork && !result.Contains(address))
                result.Add(address);
        }
        return result;
    }

    /// <summary>
    /// An IPv4 range in the canonical form nft accepts (host bits cleared, as upstream tolerates "1.2.3.4/24"); null
    /// for anything else, which is left out.
    /// </summary>
    private static string? SourceRange(string? text)
    {
        var parts = text?.Trim().Split('/') ?? [];
        if (parts.Length is 0 or > 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            return null;
        var prefix = 32;
        if (parts.Length == 2 && (!int.TryParse(parts[1], out prefix) || prefix is < 0 or > 32)) return null;
        var bits = BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        var network = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(network, bits & mask);
        return $"{new IPAddress(network)}/{prefix}";
    }

    private static IEnumerable<string?> Strings(JsonNode? array) => (array as JsonArray ?? []).Select(Str);

    private static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
