using System.Collections.Concurrent;

namespace Wharf.ApiServer.Serialization;

/// <summary>
/// What the client asked for in <c>Accept</c>: a Table (<c>application/json;as=Table;g=meta.k8s.io;v=v1</c>), an
/// aggregated discovery list, or plain JSON. Wharf always answers JSON encodings; protobuf-only clients get JSON
/// because kubectl accepts it (it lists application/json after protobuf). A PartialObjectMetadata(List) request is
/// answered with metadata-only objects (<see cref="PartialMetadataVersion"/> is the meta.k8s.io version asked for).
/// </summary>
public sealed record AcceptHeader(bool WantsTable, string TableVersion, bool WantsAggregatedDiscovery, string AggregatedVersion, bool WantsPartialMetadata)
{
    /// <summary>v1 or v1beta1: the meta.k8s.io version of the PartialObjectMetadata asked for.</summary>
    public string PartialMetadataVersion { get; init; } = "v1";

    /// <summary>The meta.k8s.io version of the metadata-only answer asked for; null for whole objects (a Table wins).</summary>
    public string? MetadataOnlyVersion => WantsPartialMetadata && !WantsTable ? PartialMetadataVersion : null;

    /// <summary>
    /// Upstream's negotiation of the same header (<see cref="AcceptNegotiation"/>): false when a resource endpoint
    /// must answer 406. Decided with the parse, so a request's Accept header is read once.
    /// </summary>
    public bool Acceptable { get; init; } = true;

    /// <summary>The conversion the negotiated clause asks for (null for whole objects or when not acceptable).</summary>
    public AcceptNegotiation.Conversion? Conversion { get; init; }

    // Clients send a handful of distinct Accept headers, so each is parsed once; the bound only guards against churn.
    private const int MaxRemembered = 256;
    private static readonly ConcurrentDictionary<string, AcceptHeader> Parsed = new(StringComparer.Ordinal);
    private static readonly AcceptHeader Absent = Read(null);

    /// <summary>The header's meaning; the same instance for the same header text.</summary>
    public static AcceptHeader Parse(string? accept)
    {
        if (string.IsNullOrEmpty(accept)) return Absent;
        if (Parsed.TryGetValue(accept, out var known)) return known;
        var parsed = Read(accept);
        if (Parsed.Count >= MaxRemembered) Parsed.Clear();
        Parsed[accept] = parsed;
        return parsed;
    }

    private static AcceptHeader Read(string? accept)
    {
        bool table = false, aggregated = false, partial = false;
        string tableVersion = "v1", aggregatedVersion = "v2", partialVersion = "v1";
        if (!string.IsNullOrEmpty(accept))
        {
            foreach (var entry in accept.Split(','))
            {
                var parameters = entry.Split(';').Skip(1)
                    .Select(p => p.Split('=', 2))
                    .Where(kv => kv.Length == 2)
                    .ToDictionary(kv => kv[0].Trim().ToLowerInvariant(), kv => kv[1].Trim(), StringComparer.Ordinal);
                parameters.TryGetValue("as", out var asValue);
                parameters.TryGetValue("v", out var version);
                parameters.TryGetValue("g", out var group);
                if (asValue == "Table" && group == "meta.k8s.io" && version is "v1" or "v1beta1" && !table)
                {
                    table = true;
                    tableVersion = version ?? "v1";
                }
                else if (asValue == "APIGroupDiscoveryList" && group == "apidiscovery.k8s.io" && !aggregated && version is "v2" or "v2beta1")
                {
                    aggregated = true;
                    aggregatedVersion = version!;
                }
                else if (asValue is "PartialObjectMetadata" or "PartialObjectMetadataList" && group == "meta.k8s.io" && !partial
                         && version is null or "v1" or "v1beta1")
                {
                    partial = true;
                    partialVersion = version ?? "v1";
                }
            }
        }
        var acceptable = AcceptNegotiation.TryNegotiate(accept, out var conversion);
        return new AcceptHeader(table, tableVersion, aggregated, aggregatedVersion, partial)
        {
            PartialMetadataVersion = partialVersion,
            Acceptable = acceptable,
            Conversion = conversion,
        };
    }
}
