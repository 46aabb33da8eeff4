using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Schema;

/// <summary>
/// An immutable copy of one swagger schema object: read once at load so later lookups never touch (thread-unsafe,
/// lazily materialised) <see cref="JsonNode"/> trees.
/// </summary>
internal sealed class RawSchema
{
    public string? Ref { get; private init; }

    public string? Type { get; private init; }

    public IReadOnlyDictionary<string, RawSchema>? Properties { get; private init; }

    public RawSchema? Items { get; private init; }

    public RawSchema? AdditionalProperties { get; private init; }

    public string? PatchMergeKey { get; private init; }

    public string? PatchStrategy { get; private init; }

    public string? ListType { get; private init; }

    public IReadOnlyList<string>? ListMapKeys { get; private init; }

    public string? MapType { get; private init; }

    public string? DefaultJson { get; private init; }

    public IReadOnlyList<(string Group, string Version, string Kind)> GroupVersionKinds { get; private init; } = [];

    public static RawSchema Read(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return new RawSchema();
        }

        var reference = String(obj, "$ref");
        if (reference is null && obj["allOf"] is JsonArray allOf && allOf.Count > 0 && allOf[0] is JsonObject first)
        {
            reference = String(first, "$ref");
        }

        return new RawSchema
        {
            Ref = reference is null ? null : reference[(reference.LastIndexOf('/') + 1)..],
            Type = String(obj, "type"),
            Properties = obj["properties"] is JsonObject props
                ? props.ToDictionary(p => p.Key, p => Read(p.Value), StringComparer.Ordinal)
                : null,
            Items = obj["items"] is JsonObject items ? Read(items) : null,
            AdditionalProperties = obj["additionalProperties"] switch
            {
                JsonObject ap => Read(ap),
                JsonValue v when v.GetValueKind() == JsonValueKind.True => new RawSchema(),
                _ => null,
            },
            PatchMergeKey = String(obj, "x-kubernetes-patch-merge-key"),
            PatchStrategy = String(obj, "x-kubernetes-patch-strategy"),
            ListType = String(obj, "x-kubernetes-list-type"),
            ListMapKeys = obj["x-kubernetes-list-map-keys"] is JsonArray keys
                ? keys.Select(k => k is JsonValue kv && kv.GetValueKind() == JsonValueKind.String ? kv.GetValue<string>() : null)
                    .OfType<string>().ToArray()
                : null,
            MapType = String(obj, "x-kubernetes-map-type"),
            DefaultJson = obj.TryGetPropertyValue("default", out var def) ? JsonNodes.ToJson(def) : null,
            GroupVersionKinds = obj["x-kubernetes-group-version-kind"] is JsonArray gvks
                ? gvks.OfType<JsonObject>()
                    .Select(g => (String(g, "group") ?? string.Empty, String(g, "version") ?? string.Empty, String(g, "kind") ?? string.Empty))
                    .ToArray()
                : [],
        };
    }

    /// <summary>A bare reference to a named definition.</summary>
    public static RawSchema RefTo(string definition) => new() { Ref = definition };

    /// <summary>A copy carrying a default value, for list-map keys whose default the swagger omits.</summary>
    public RawSchema WithDefault(string defaultJson) => new()
    {
        Ref = Ref,
        Type = Type,
        Properties = Properties,
        Items = Items,
        AdditionalProperties = AdditionalProperties,
        PatchMergeKey = PatchMergeKey,
        PatchStrategy = PatchStrategy,
        ListType = ListType,
        ListMapKeys = ListMapKeys,
        MapType = MapType,
        DefaultJson = defaultJson,
        GroupVersionKinds = GroupVersionKinds,
    };

    private static string? String(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : null;
}
