namespace Wharf.Node;

/// <summary>
/// Parses <c>--disable</c> values. k3s' names for the components Wharf replaces with built-in ones are accepted too
/// (<c>coredns</c> is the DNS, <c>traefik</c> the ingress controller), so a k3s command line keeps its meaning.
/// </summary>
internal static class DisabledComponents
{
    public const string Dns = "dns";
    public const string ServiceLb = "servicelb";
    public const string Ingress = "ingress";
    public const string Proxy = "proxy";

    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        [Dns] = Dns, ["coredns"] = Dns,
        [ServiceLb] = ServiceLb,
        [Ingress] = Ingress, ["traefik"] = Ingress,
        [Proxy] = Proxy, ["kube-proxy"] = Proxy,
    };

    /// <summary>Comma-separated or repeated values → canonical names; an unknown one is an error naming the known ones.</summary>
    public static IReadOnlySet<string> Parse(IEnumerable<string> values)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Names.TryGetValue(value, out var name))
                throw new ArgumentException($"--disable {value}: unknown component; known: {string.Join(", ", Names.Keys.Order())}");
            result.Add(name);
        }
        return result;
    }
}
