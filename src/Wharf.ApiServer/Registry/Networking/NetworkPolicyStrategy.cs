using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Networking;

/// <summary>
/// NetworkPolicies: valid selectors, peers that name exactly one kind of source (selectors or an IP block whose
/// exceptions lie inside it), ports with known protocols and sane ranges, at most the two policy types.
/// </summary>
internal sealed class NetworkPolicyStrategy : ResourceStrategy
{
    private static readonly string[] PolicyTypes = ["Egress", "Ingress"];

    public NetworkPolicyStrategy() => TracksGeneration = true;

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        foreach (var e in LabelSelectorRules.Validate(spec?["podSelector"], "spec.podSelector")) yield return e;
        foreach (var (direction, peers) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            var index = 0;
            foreach (var rule in spec?[direction].Objects() ?? [])
            {
                var at = $"spec.{direction}[{index++}]";
                var portIndex = 0;
                foreach (var port in rule["ports"].Objects())
                    foreach (var e in Port(port, $"{at}.ports[{portIndex++}]")) yield return e;
                var peerIndex = 0;
                foreach (var peer in rule[peers].Objects())
                    foreach (var e in Peer(peer, $"{at}.{peers}[{peerIndex++}]")) yield return e;
            }
        }
        var types = spec?["policyTypes"] as JsonArray ?? [];
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i]?.ToString() ?? "";
            if (!PolicyTypes.Contains(type))
                yield return FieldError.NotSupported($"spec.policyTypes[{i}]", type, PolicyTypes);
        }
        if (types.Count > 2)
            yield return FieldError.Invalid("spec.policyTypes", new RawFieldValue(types.ToJsonString()), "may not specify more than two policyTypes");
    }

    private static IEnumerable<FieldError> Port(JsonObject port, string path)
    {
        foreach (var e in FieldRules.OneOf(port, "protocol", $"{path}.protocol", ["SCTP", "TCP", "UDP"])) yield return e;
        var value = port["port"];
        foreach (var e in NetworkRules.PortNumberOrName(value, $"{path}.port")) yield return e;
        if (port["endPort"].Long() is not { } endPort) yield break;
        if (value is null)
            yield return FieldError.Required($"{path}.port", "must specify a port when endPort is specified");
        else if (value.Long() is not { } start)
            yield return FieldError.Forbidden($"{path}.endPort", "may not be specified when `port` is non-numeric");
        else if (endPort < start)
            yield return FieldError.Invalid($"{path}.endPort", endPort, "must be greater than or equal to `port`");
        if (endPort is < 1 or > 65535)
            yield return FieldError.Invalid($"{path}.endPort", endPort, NetworkRules.PortRange);
    }

    private static IEnumerable<FieldError> Peer(JsonObject peer, string path)
    {
        var selectors = peer["podSelector"] is not null || peer["namespaceSelector"] is not null;
        var ipBlock = peer["ipBlock"] as JsonObject;
        if (!selectors && ipBlock is null)
            yield return FieldError.Required(path, "must specify a peer");
        else if (selectors && ipBlock is not null)
            yield return FieldError.Forbidden(path, "may not specify both ipBlock and another peer");
        foreach (var e in LabelSelectorRules.Validate(peer["podSelector"], $"{path}.podSelector")) yield return e;
        foreach (var e in LabelSelectorRules.Validate(peer["namespaceSelector"], $"{path}.namespaceSelector")) yield return e;
        if (ipBlock is not null)
            foreach (var e in IpBlock(ipBlock, $"{path}.ipBlock")) yield return e;
    }

    private static IEnumerable<FieldError> IpBlock(JsonObject block, string path)
    {
        var cidr = block.Str("cidr");
        if (string.IsNullOrEmpty(cidr))
        {
            yield return FieldError.Required($"{path}.cidr");
            yield break;
        }
        if (!NetworkRules.TryParseCidr(cidr, out var network))
        {
            yield return FieldError.Invalid($"{path}.cidr", cidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
            yield break;
        }
        var index = 0;
        foreach (var except in (block["except"] as JsonArray ?? []).Select(e => e?.ToString() ?? ""))
        {
            var at = $"{path}.except[{index++}]";
            if (!NetworkRules.TryParseCidr(except, out var inner))
                yield return FieldError.Invalid(at, except, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
            else if (inner.PrefixLength <= network.PrefixLength || !network.Contains(inner.BaseAddress))
                yield return FieldError.Invalid(at, except, "must be a strict subset of `cidr`");
        }
    }
}
