using System.Net;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Endpoints: upstream's validateEndpointSubsets. Each subset has addresses (IPs that are not unspecified or
/// link-local, DNS-label hostnames, node names) and ports (named when there are several, 1–65535, a known protocol).
/// Loopback addresses are allowed, unlike upstream: Wharf's own <c>kubernetes</c> endpoints point at a server that
/// may listen on 127.0.0.1 alone.
/// </summary>
internal sealed class EndpointsStrategy : ResourceStrategy
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    protected override void ApplyDefaults(JsonObject obj)
    {
        foreach (var subset in obj["subsets"].Objects())
            foreach (var port in subset["ports"].Objects())
                port.Default("protocol", "TCP");
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var index = 0;
        foreach (var subset in obj["subsets"].Objects())
        {
            var at = $"subsets[{index++}]";
            var addresses = subset["addresses"] as JsonArray;
            var notReady = subset["notReadyAddresses"] as JsonArray;
            if (addresses is not { Count: > 0 } && notReady is not { Count: > 0 })
                errors.Add(FieldError.Required(at, "must specify `addresses` or `notReadyAddresses`"));
            Addresses(addresses, $"{at}.addresses", errors);
            Addresses(notReady, $"{at}.notReadyAddresses", errors);
            var ports = subset["ports"] as JsonArray;
            var portIndex = 0;
            foreach (var port in ports.Objects())
                Port(port, ports!.Count > 1, $"{at}.ports[{portIndex++}]", errors);
        }
        return errors;
    }

    private static void Addresses(JsonArray? addresses, string path, List<FieldError> errors)
    {
        var index = 0;
        foreach (var address in addresses.Objects())
        {
            var at = $"{path}[{index++}]";
            var ip = address.Str("ip") ?? "";
            NetworkRules.ValidIp(ip, $"{at}.ip", errors);
            PodSpecValidator.Label(address.Str("hostname"), $"{at}.hostname", errors);
            if (address.Str("nodeName") is { } nodeName)
                foreach (var msg in NameRules.IsDns1123Subdomain(nodeName))
                    errors.Add(FieldError.Invalid($"{at}.nodeName", nodeName, msg));
            NonSpecialIp(ip, $"{at}.ip", errors);
        }
    }

    /// <summary>ValidateNonSpecialIP without the loopback rule (see the class summary).</summary>
    private static void NonSpecialIp(string text, string path, List<FieldError> errors)
    {
        if (!NetworkRules.IsIp(text) || !IPAddress.TryParse(text, out var ip))
        {
            errors.Add(FieldError.Invalid(path, text, "must be a valid IP address"));
            return;
        }
        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            errors.Add(FieldError.Invalid(path, text, $"may not be unspecified ({text})"));
        var bytes = ip.GetAddressBytes();
        if (ip.IsIPv6LinkLocal || (bytes.Length == 4 && bytes[0] == 169 && bytes[1] == 254))
            errors.Add(FieldError.Invalid(path, text, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        if ((bytes.Length == 4 && bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0) || (bytes.Length == 16 && bytes[0] == 0xff && (bytes[1] & 0x0f) == 2))
            errors.Add(FieldError.Invalid(path, text, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
    }

    private static void Port(JsonObject port, bool requireName, string path, List<FieldError> errors)
    {
        var name = port.Str("name") ?? "";
        if (requireName && name.Length == 0)
            errors.Add(FieldError.Required($"{path}.name"));
        else
            PodSpecValidator.Label(name, $"{path}.name", errors);
        var number = port["port"].Long() ?? 0;
        if (number is < 1 or > 65535)
            errors.Add(FieldError.Invalid($"{path}.port", number, NetworkRules.PortRange));
        PodSpecValidator.OneOf(port, "protocol", path, Protocols, errors, required: true);
        if (port.Str("appProtocol") is { } appProtocol)
            foreach (var msg in NameRules.IsQualifiedName(appProtocol))
                errors.Add(FieldError.Invalid($"{path}.appProtocol", appProtocol, msg));
    }
}
