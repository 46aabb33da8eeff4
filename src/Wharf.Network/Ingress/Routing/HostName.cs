namespace Wharf.Network.Ingress.Routing;

/// <summary>Host name normalisation and the Ingress wildcard form (<c>*.example.com</c> covers exactly one label).</summary>
internal static class HostName
{
    public static string Normalize(string host) => host.TrimEnd('.').ToLowerInvariant();

    public static bool IsWildcard(string host) => host.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>The part a wildcard pattern requires after the first label: <c>example.com</c> for <c>*.example.com</c>.</summary>
    public static string WildcardSuffix(string pattern) => pattern[2..];

    /// <summary>The suffix a request host would match under a wildcard: everything after its first label, or null.</summary>
    public static string? ParentOf(string host)
    {
        var dot = host.IndexOf('.');
        return dot <= 0 || dot == host.Length - 1 ? null : host[(dot + 1)..];
    }
}
