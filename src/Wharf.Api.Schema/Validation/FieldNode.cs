namespace Wharf.Api.Schema.Validation;

/// <summary>
/// What the strict check needs of one schema, resolved once: an object's known fields (by name, each with its
/// position for duplicate tracking), a map's value schema, a list's item schema. A node with none of them is
/// opaque (scalars, and types with their own decoding: IntOrString, Quantity, Time, RawExtension, FieldsV1).
/// Nodes are built by <see cref="FieldNodes"/> and never change once published, so requests share them.
/// </summary>
internal sealed class FieldNode
{
    private Dictionary<string, FieldNodeProperty>? _properties;
    private Dictionary<string, FieldNodeProperty>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    /// <summary>The known fields of an object; null when the schema lists none.</summary>
    public IReadOnlyDictionary<string, FieldNodeProperty>? Properties => _properties;

    /// <summary>The schema of a map's values (only when the schema lists no properties).</summary>
    public FieldNode? MapValues { get; private set; }

    /// <summary>The schema of a list's items.</summary>
    public FieldNode? Items { get; private set; }

    public int PropertyCount => _properties?.Count ?? 0;

    public bool TryGetProperty(ReadOnlySpan<char> name, out FieldNodeProperty property) =>
        _bySpan.TryGetValue(name, out property!);

    public bool TryGetProperty(string name, out FieldNodeProperty property) =>
        _properties!.TryGetValue(name, out property!);

    /// <summary>The schema lists properties (possibly none: then every field is unknown).</summary>
    internal void ListProperties()
    {
        _properties = new Dictionary<string, FieldNodeProperty>(StringComparer.Ordinal);
        _bySpan = _properties.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    internal void AddProperty(string name, FieldNode node) =>
        _properties![name] = new FieldNodeProperty(name, _properties.Count, node);

    internal void SetMapValues(FieldNode values) => MapValues = values;

    internal void SetItems(FieldNode items) => Items = items;
}
