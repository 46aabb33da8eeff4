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

    public static AcceptHeader Parse(string? accept)
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
        return new AcceptHeader(table, tableVersion, aggregated, aggregatedVersion, partial) { PartialMetadataVersion = partialVersion };
    }
}
