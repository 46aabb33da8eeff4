using System.Text.Json.Nodes;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Formatting;

/// <summary>
/// A load-balancer status as a sorted, de-duplicated list of ingress IPs (or hostnames).
/// Upstream clips it to 16 characters only for non-wide printing, which the server never does.
/// </summary>
internal static class LoadBalancerIngress
{
    public static string Format(JsonNode? loadBalancerStatus)
    {
        var entries = loadBalancerStatus.Objs("ingress")
            .Select(i => i.Str("ip") is { Length: > 0 } ip ? ip : i.Str("hostname"))
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => s, StringComparer.Ordinal);
        return string.Join(",", entries);
    }
}
