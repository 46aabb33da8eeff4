using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Schema;

/// <summary>
/// A schema as seen at one place in an object: the resolved type plus the extensions written on the field itself
/// (patch strategy, merge key, list type). Immutable and thread-safe.
/// </summary>
public sealed class SchemaNode
{
    private readonly RawSchema _field;
    private readonly RawSchema _type;
    private readonly DefinitionsPatchSchema _table;
    private readonly ConcurrentDictionary<string, SchemaNode?> _fields = new(StringComparer.Ordinal);
    private SchemaNode? _items;
    private SchemaNode? _elements;

    internal SchemaNode(RawSchema field, DefinitionsPatchSchema table)
    {
        _field = field;
        _table = table;
        var type = field;
        string? name = null;
        for (var hops = 0; type.Ref is not null && hops < 8; hops++)
        {
            name = type.Ref;
            type = table.Raw(type.Ref) ?? new RawSchema();
        }

        _type = type;
        DefinitionName = name;
        Kind = KindOf(type);
        PatchStrategies = (field.PatchStrategy ?? type.PatchStrategy)?.Split(',', StringSplitOptions.TrimEntries) ?? [];
        PatchMergeKey = field.PatchMergeKey ?? type.PatchMergeKey;
        (ListType, ListMapKeys) = ResolveListType(field.ListType ?? type.ListType, field.ListMapKeys ?? type.ListMapKeys);
        IsAtomic = (field.MapType ?? type.MapType) == "atomic" || (Kind == SchemaNodeKind.List && ListType == ListType.Atomic);
        var defaultJson = field.DefaultJson ?? type.DefaultJson;
        Default = defaultJson is null ? null : JsonNode.Parse(defaultJson);
    }

    /// <summary>The definition this node resolves to, when it came through a <c>$ref</c>.</summary>
    public string? DefinitionName { get; }

    public SchemaNodeKind Kind { get; }

    /// <summary>Strategic-merge strategies from <c>x-kubernetes-patch-strategy</c> (e.g. <c>merge</c>, <c>retainKeys</c>).</summary>
    public IReadOnlyList<string> PatchStrategies { get; }

    /// <summary>Strategic-merge key from <c>x-kubernetes-patch-merge-key</c>.</summary>
    public string? PatchMergeKey { get; }

    /// <summary>Apply semantics of a list; meaningful when <see cref="Kind"/> is <see cref="SchemaNodeKind.List"/>.</summary>
    public ListType ListType { get; }

    /// <summary>Keys of a <see cref="ListType.Map"/> list.</summary>
    public IReadOnlyList<string> ListMapKeys { get; }

    /// <summary>True for atomic maps/structs (<c>x-kubernetes-map-type: atomic</c>) and atomic lists.</summary>
    public bool IsAtomic { get; }

    /// <summary>The schema default, used for list-map keys missing from an item (e.g. <c>protocol: TCP</c>).</summary>
    public JsonNode? Default { get; }

    /// <summary>
    /// For a struct, the declared property (null when undeclared); for a map, the element schema; otherwise null.
    /// </summary>
    public SchemaNode? Field(string name)
    {
        return Kind switch
        {
            // The factory takes this node as its argument: a lambda capturing it was a delegate allocated per call.
            SchemaNodeKind.Struct => _fields.GetOrAdd(name, static (n, self) => self.DeclaredField(n), this),
            SchemaNodeKind.Map => _elements ??= new SchemaNode(_type.AdditionalProperties!, _table),
            _ => null,
        };
    }

    private SchemaNode? DeclaredField(string name) =>
        _type.Properties!.TryGetValue(name, out var prop) ? new SchemaNode(_table.PatchedProperty(DefinitionName, name, prop), _table) : null;

    /// <summary>True when <paramref name="name"/> is a declared property of a struct (not a map key).</summary>
    public bool HasDeclaredField(string name) =>
        Kind == SchemaNodeKind.Struct && _type.Properties!.ContainsKey(name);

    /// <summary>The element schema of a list.</summary>
    public SchemaNode? Items => Kind == SchemaNodeKind.List && _type.Items is not null
        ? _items ??= new SchemaNode(_type.Items, _table)
        : null;

    private (ListType, IReadOnlyList<string>) ResolveListType(string? explicitType, IReadOnlyList<string>? keys)
    {
        switch (explicitType)
        {
            case "atomic":
                return (ListType.Atomic, []);
            case "set":
                return (ListType.Set, []);
            case "map":
                return (ListType.Map, keys ?? (PatchMergeKey is null ? [] : [PatchMergeKey]));
        }

        // Upstream's OpenAPI-to-SMD conversion: merge strategy with a key is a map, without a key a set.
        if (PatchStrategies.Contains("merge"))
        {
            return PatchMergeKey is null ? (ListType.Set, []) : (ListType.Map, [PatchMergeKey]);
        }

        return (ListType.Atomic, []);
    }

    private static SchemaNodeKind KindOf(RawSchema type)
    {
        if (type.Properties is { Count: > 0 })
        {
            return SchemaNodeKind.Struct;
        }

        if (type.AdditionalProperties is not null)
        {
            return SchemaNodeKind.Map;
        }

        if (type.Type == "array" || type.Items is not null)
        {
            return SchemaNodeKind.List;
        }

        return type.Type is "string" or "integer" or "number" or "boolean" ? SchemaNodeKind.Scalar : SchemaNodeKind.Untyped;
    }
}
