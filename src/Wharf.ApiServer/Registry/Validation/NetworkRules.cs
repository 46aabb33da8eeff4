using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>Ports, port names, IP addresses and CIDRs as apimachinery's validation package checks them.</summary>
public static class NetworkRules
{
    public const string PortRange = "must be between 1 and 65535, inclusive";

    /// <summary>IsValidPortName: an IANA_SVC_NAME, at most 15 characters, lower case, a letter somewhere, no '--'.</summary>
    public static IEnumerable<string> IsValidPortName(string name)
    {
        if (name.Length > 15) yield return "must be no more than 15 characters";
        if (!name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        if (name.Contains("--")) yield return "must not contain consecutive hyphens";
        if (name.Length > 0 && !name.Any(char.IsAsciiLetterLower)) yield return "must contain at least one letter (a-z)";
        if (name.StartsWith('-') || name.EndsWith('-')) yield return "must not begin or end with a hyphen";
    }

    /// <summary>A port given as number or name (IntOrString), as NetworkPolicy and Ingress backends take it.</summary>
    public static IEnumerable<FieldError> PortNumberOrName(JsonNode? port, string path)
    {
        if (port is not JsonValue value) yield break;
        if (value.TryGetValue<string>(out var name))
        {
            foreach (var msg in IsValidPortName(name)) yield return FieldError.Invalid(path, name, msg);
        }
        else if (port.Long() is { } number and (< 1 or > 65535))
        {
            yield return FieldError.Invalid(path, number, PortRange);
        }
    }

    public const string IpAddress = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

    /// <summary>validation.IsValidIP as a field error.</summary>
    public static void ValidIp(string? value, string field, List<FieldError> errors)
    {
        if (!IsIp(value ?? ""))
            errors.Add(FieldError.Invalid(field, value ?? "", IpAddress));
    }

    /// <summary>Go's net.ParseIP: dotted quads or IPv6, no zone, no short forms such as "1" that .NET would accept.</summary>
    public static bool IsIp(string text) => IsIpv4(text) || IsIpv6(text);

    public static bool IsIpv4(string text) =>
        text.Count(c => c == '.') == 3 && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;

    public static bool IsIpv6(string text) =>
        text.Contains(':') && !text.Contains('%') && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>IsValidCIDR, returning the parsed network for containment checks.</summary>
    public static bool TryParseCidr(string text, out IPNetwork network) => IPNetwork.TryParse(text, out network) || TryParseHostCidr(text, out network);

    public static IEnumerable<FieldError> Cidr(string? text, string path)
    {
        if (text is null) yield break;
        if (!TryParseCidr(text, out _))
            yield return FieldError.Invalid(path, text, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
    }

    // IPNetwork.TryParse rejects host bits (10.0.0.1/24); Go's ParseCIDR accepts them and masks.
    private static bool TryParseHostCidr(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        if (slash <= 0 || !IPAddress.TryParse(text[..slash], out var ip) || !int.TryParse(text[(slash + 1)..], out var bits)) return false;
        var max = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (bits < 0 || bits > max || (ip.AddressFamily == AddressFamily.InterNetwork && text[..slash].Count(c => c == '.') != 3)) return false;
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        network = new IPNetwork(new IPAddress(bytes), bits);
        return true;
    }
}
