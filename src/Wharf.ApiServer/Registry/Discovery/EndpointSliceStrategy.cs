using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Discovery;

/// <summary>
/// EndpointSlices: a known, fixed address type; at most 1000 endpoints, each with 1–100 addresses of that type and
/// valid node and host names; at most 20000 ports with unique DNS-label names and known protocols.
/// </summary>
internal sealed class EndpointSliceStrategy : ResourceStrategy
{
    private const int MaxEndpoints = 1000;
    private const int MaxAddresses = 100;
    private const int MaxPorts = 20000;
    private static readonly string[] AddressTypes = ["FQDN", "IPv4", "IPv6"];

    public EndpointSliceStrategy() => TracksGeneration = true;

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var addressType = obj.Str("addressType");
        foreach (var e in FieldRules.OneOf(obj, "addressType", "addressType", AddressTypes, required: true)) yield return e;
        var endpoints = obj["endpoints"] as JsonArray ?? [];
        if (endpoints.Count > MaxEndpoints)
            yield return FieldRules.TooMany("endpoints", endpoints.Count, MaxEndpoints);
        var index = 0;
        foreach (var endpoint in endpoints.OfType<JsonObject>())
            foreach (var e in Endpoint(endpoint, addressType, $"endpoints[{index++}]")) yield return e;

        var ports = obj["ports"] as JsonArray ?? [];
        if (ports.Count > MaxPorts)
            yield return FieldRules.TooMany("ports", ports.Count, MaxPorts);
        var names = new HashSet<string>();
        index = 0;
        foreach (var port in ports.OfType<JsonObject>())
        {
            var at = $"ports[{index++}]";
            var name = port.Str("name") ?? "";
            if (name.Length > 0)
                foreach (var msg in NameRules.IsDns1123Label(name))
                    yield return FieldError.Invalid($"{at}.name", name, msg);
            if (!names.Add(name))
                yield return FieldError.Duplicate($"{at}.name", name);
            foreach (var e in FieldRules.OneOf(port, "protocol", $"{at}.protocol", ["SCTP", "TCP", "UDP"])) yield return e;
        }
    }

    private static IEnumerable<FieldError> Endpoint(JsonObject endpoint, string? addressType, string path)
    {
        var addresses = (endpoint["addresses"] as JsonArray ?? []).Select(a => a?.ToString() ?? "").ToList();
        if (addresses.Count == 0)
            yield return FieldError.Required($"{path}.addresses", "must contain at least 1 address");
        else if (addresses.Count > MaxAddresses)
            yield return FieldRules.TooMany($"{path}.addresses", addresses.Count, MaxAddresses);
        for (var i = 0; i < addresses.Count; i++)
        {
            var at = $"{path}.addresses[{i}]";
            var address = addresses[i];
            switch (addressType)
            {
                case "IPv4" when !NetworkRules.IsIpv4(address):
                    yield return FieldError.Invalid(at, address, "must be a valid IPv4 address");
                    break;
                case "IPv6" when !NetworkRules.IsIpv6(address):
                    yield return FieldError.Invalid(at, address, "must be a valid IPv6 address");
                    break;
                case "FQDN":
                    foreach (var msg in NameRules.IsDns1123Subdomain(address))
                        yield return FieldError.Invalid(at, address, msg);
                    break;
            }
        }
        if (endpoint.Str("nodeName") is { Length: > 0 } node)
            foreach (var msg in NameRules.IsDns1123Subdomain(node))
                yield return FieldError.Invalid($"{path}.nodeName", node, msg);
        if (endpoint.Str("hostname") is { Length: > 0 } host)
            foreach (var msg in NameRules.IsDns1123Label(host))
                yield return FieldError.Invalid($"{path}.hostname", host, msg);
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old) =>
        FieldRules.Unchanged(obj["addressType"], old["addressType"], "addressType");
}
