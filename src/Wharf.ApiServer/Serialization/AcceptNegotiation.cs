using System.Collections.Concurrent;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Serialization;

/// <summary>
/// Upstream's output negotiation for resource endpoints (NegotiateMediaTypeOptions with the resource scope's
/// restrictions), used to refuse what the server cannot answer: the Accept clauses are tried by quality, each against
/// the media types served; a clause asking for a conversion (<c>as</c>, <c>g</c>, <c>v</c>) is taken only for a Table
/// (JSON or YAML) or a PartialObjectMetadata[List] of meta.k8s.io v1 or v1beta1. When no clause is taken the answer
/// is 406. <see cref="AcceptHeader"/> still decides how an accepted request is encoded.
/// </summary>
public static class AcceptNegotiation
{
    /// <summary>The media types resource endpoints serve, in upstream's order (its 406 message lists them so).</summary>
    public static readonly string[] Served = [MediaTypes.Json, MediaTypes.Yaml, MediaTypes.Protobuf];

    // Clients send a handful of distinct Accept headers (kubectl's Table list, client-go's JSON and metadata
    // lists), so every request after the first of each kind skips the parse. The bound only guards against churn.
    private const int MaxRemembered = 256;
    private static readonly ConcurrentDictionary<string, Conversion?> Accepted = new(StringComparer.Ordinal);

    private static readonly string NotAcceptableMessage = "only the following media types are accepted: " + string.Join(", ", Served);

    /// <summary>The conversion asked for by the clause upstream would pick; null for whole objects.</summary>
    public sealed record Conversion(string Kind, string Group, string Version);

    /// <summary>
    /// The clause's conversion (null when it asks for none); throws 406 NotAcceptable when no clause can be served.
    /// An absent or empty header asks for plain JSON.
    /// </summary>
    public static Conversion? Negotiate(string? accept) =>
        TryNegotiate(accept, out var conversion) ? conversion : throw NotAcceptable();

    /// <summary>As <see cref="Negotiate"/> without throwing: false when no clause can be served.</summary>
    public static bool TryNegotiate(string? accept, out Conversion? conversion)
    {
        conversion = null;
        if (string.IsNullOrWhiteSpace(accept)) return true;
        if (Accepted.TryGetValue(accept, out conversion)) return true;
        foreach (var clause in AcceptClause.ParseAll(accept))
        {
            foreach (var served in Served)
            {
                if (!clause.Matches(served)) continue;
                if (!TryAccept(clause, served, out conversion)) continue;
                if (Accepted.Count >= MaxRemembered) Accepted.Clear();
                Accepted[accept] = conversion;
                return true;
            }
        }
        return false;
    }

    /// <summary>The 406 upstream gives when no Accept clause can be served.</summary>
    public static StatusException NotAcceptable() => StatusErrors.NotAcceptable(NotAcceptableMessage);

    /// <summary>
    /// acceptMediaTypeOptions and the resource scope's AllowsMediaTypeTransform: <c>stream</c> only as <c>watch</c> on
    /// a streaming encoding, and a conversion only to what meta.k8s.io offers in that encoding.
    /// </summary>
    private static bool TryAccept(AcceptClause clause, string served, out Conversion? conversion)
    {
        conversion = null;
        if (clause.Parameter("stream") is { Length: > 0 } stream && (stream != "watch" || served == MediaTypes.Yaml))
            return false;
        var kind = clause.Parameter("as");
        var group = clause.Parameter("g");
        var version = clause.Parameter("v");
        if (kind is null && group is null && version is null) return true;
        if (group != "meta.k8s.io" || version is not ("v1" or "v1beta1")) return false;
        var allowed = kind switch
        {
            "Table" => served is MediaTypes.Json or MediaTypes.Yaml,
            "PartialObjectMetadata" or "PartialObjectMetadataList" => true,
            _ => false,
        };
        if (!allowed) return false;
        conversion = new Conversion(kind!, group, version);
        return true;
    }
}
