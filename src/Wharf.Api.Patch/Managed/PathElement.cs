using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed;

/// <summary>One step of a field path (structured-merge-diff's PathElement). Immutable, ordered like upstream.</summary>
public sealed class PathElement : IEquatable<PathElement>, IComparable<PathElement>
{
    /// <summary>Bound of <see cref="FieldElements"/>: schema field names are a few thousand; map keys beyond that are not kept.</summary>
    private const int MaxInternedFields = 8192;

    /// <summary>
    /// Field elements by name, shared: every walk of an object (compare, field sets, FieldsV1) steps through the
    /// same field names, and an element per step per write was a large share of a write's garbage. Field elements
    /// carry no JSON node, so sharing them across threads is safe.
    /// </summary>
    private static readonly ConcurrentDictionary<string, PathElement> FieldElements = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, PathElement>.AlternateLookup<ReadOnlySpan<char>> FieldLookup =
        FieldElements.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string _identity;

    /// <summary>The FieldsV1 key of a key or value element, built on first use (a field's is its identity).</summary>
    private string? _serialized;

    private PathElement(PathElementKind kind, string? fieldName, IReadOnlyList<KeyValuePair<string, JsonNode?>>? key, JsonNode? value, int index)
    {
        Kind = kind;
        FieldName = fieldName;
        Key = key;
        Value = value;
        Index = index;
        _identity = kind switch
        {
            PathElementKind.Field => "f:" + fieldName,
            PathElementKind.Key => "k:" + string.Join(",", key!.Select(p => p.Key + "=" + JsonNodes.Canonical(p.Value))),
            PathElementKind.Value => "v:" + JsonNodes.Canonical(value),
            _ => "i:" + index.ToString(CultureInfo.InvariantCulture),
        };
    }

    public PathElementKind Kind { get; }

    public string? FieldName { get; }

    /// <summary>Key fields sorted by name (for <see cref="PathElementKind.Key"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>>? Key { get; }

    public JsonNode? Value { get; }

    public int Index { get; }

    public static PathElement Field(string name)
    {
        if (FieldElements.TryGetValue(name, out var element))
        {
            return element;
        }

        element = new PathElement(PathElementKind.Field, name, null, null, 0);
        if (FieldElements.Count < MaxInternedFields)
        {
            FieldElements.TryAdd(name, element);
        }

        return element;
    }

    /// <summary>
    /// The FieldsV1 key of a field element (<c>f:</c> and the name): the shared one when the name is interned, so a
    /// walk that only looks keys up allocates nothing for the common names.
    /// </summary>
    public static string FieldKey(string name) =>
        FieldElements.TryGetValue(name, out var element) ? element._identity : "f:" + name;

    public static PathElement Keyed(IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        var key = fields.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Detached(p.Value))).ToArray();
        if (key.Length > 1)
        {
            // Stable, as the names of one item's key fields are distinct anyway.
            key = key.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        }

        return new(PathElementKind.Key, null, key, null, 0);
    }

    public static PathElement OfValue(JsonNode? value) => new(PathElementKind.Value, null, null, Detached(value), 0);

    /// <summary>
    /// A copy of a key or set value the element can keep: a string as a plain string value, which reads without
    /// allocating every time the element is compared or printed (a copy of a value parsed from a document is a new
    /// document, and reading its string makes a new string each time); any other value as a deep copy.
    /// </summary>
    private static JsonNode? Detached(JsonNode? value) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String ? JsonValue.Create(text.GetValue<string>()) : JsonNodes.Clone(value);

    public static PathElement OfIndex(int index) => new(PathElementKind.Index, null, null, null, index);

    /// <summary>Parses a FieldsV1 key such as <c>f:spec</c> or <c>k:{"name":"c1"}</c>.</summary>
    /// <exception cref="FormatException">When the key is not a path element.</exception>
    public static PathElement Parse(string text)
    {
        if (text.Length < 2 || text[1] != ':')
        {
            throw new FormatException($"invalid path element: {text}");
        }

        if (text[0] == 'f')
        {
            // Looked up by the span: most fields are known, and their name need not be cut out of the key.
            return FieldLookup.TryGetValue(text.AsSpan(2), out var known) ? known : Field(text[2..]);
        }

        var body = text[2..];
        try
        {
            switch (text[0])
            {
                case 'v':
                    return OfValue(JsonNode.Parse(body));
                case 'k':
                    var obj = JsonNode.Parse(body) as JsonObject ?? throw new FormatException($"invalid key element: {text}");
                    return Keyed(obj.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)).ToList());
                case 'i':
                    return OfIndex(int.Parse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                default:
                    throw new FormatException("unknown path element type");
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
        catch (OverflowException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>
    /// The element whose FieldsV1 key (<see cref="Serialize"/>) is exactly <paramref name="key"/>, or null when
    /// the key is not one (not an element, or one written another way). A field key allocates nothing when the name
    /// is interned.
    /// </summary>
    public static PathElement? ParseCanonical(ReadOnlySpan<char> key)
    {
        if (key.Length < 2 || key[1] != ':')
        {
            return null;
        }

        if (key[0] == 'f')
        {
            // A field's key is "f:" and its name, whatever the name.
            return FieldLookup.TryGetValue(key[2..], out var known) ? known : Field(key[2..].ToString());
        }

        var text = key.ToString();
        try
        {
            var element = Parse(text);
            return element.Serialize() == text ? element : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The FieldsV1 key form (<c>f:</c>, <c>k:</c>, <c>v:</c>, <c>i:</c>).</summary>
    public string Serialize() => Kind == PathElementKind.Field ? _identity : _serialized ??= SerializeKeyed();

    private string SerializeKeyed()
    {
        switch (Kind)
        {
            case PathElementKind.Key:
                var sb = new StringBuilder("k:{");
                for (var i = 0; i < Key!.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append(JsonSerializer.Serialize(Key[i].Key, JsonNodes.Compact)).Append(':').Append(JsonNodes.ToJson(Key[i].Value));
                }

                return sb.Append('}').ToString();
            case PathElementKind.Value:
                return "v:" + JsonNodes.ToJson(Value);
            default:
                return "i:" + Index.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Upstream's human form used in conflict messages: <c>.name</c>, <c>[name="c1"]</c>, <c>[="x"]</c>, <c>[3]</c>.</summary>
    public override string ToString() => Kind switch
    {
        PathElementKind.Field => "." + FieldName,
        PathElementKind.Key => "[" + string.Join(",", Key!.Select(p => p.Key + "=" + Display(p.Value))) + "]",
        PathElementKind.Value => "[=" + Display(Value) + "]",
        _ => "[" + Index.ToString(CultureInfo.InvariantCulture) + "]",
    };

    public bool Equals(PathElement? other) =>
        other is not null && Kind == other.Kind && string.Equals(_identity, other._identity, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PathElement);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_identity);

    public int CompareTo(PathElement? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }

        switch (Kind)
        {
            case PathElementKind.Field:
                return string.CompareOrdinal(FieldName, other.FieldName);
            case PathElementKind.Index:
                return Index.CompareTo(other.Index);
            case PathElementKind.Value:
                return JsonValueOrder.Compare(Value, other.Value);
            default:
                for (var i = 0; ; i++)
                {
                    if (i >= Key!.Count || i >= other.Key!.Count)
                    {
                        return Key.Count.CompareTo(other.Key!.Count);
                    }

                    var byName = string.CompareOrdinal(Key[i].Key, other.Key[i].Key);
                    if (byName != 0)
                    {
                        return byName;
                    }

                    var byValue = JsonValueOrder.Compare(Key[i].Value, other.Key[i].Value);
                    if (byValue != 0)
                    {
                        return byValue;
                    }
                }
        }
    }

    private static string Display(JsonNode? value) => JsonNodes.KindOf(value) switch
    {
        JsonValueKind.Object => string.Concat(((JsonObject)value!).Select(p => p.Key + "=" + Display(p.Value))),
        JsonValueKind.Array => "[" + string.Join(",", ((JsonArray)value!).Select(Display)) + "]",
        _ => JsonNodes.ToJson(value),
    };
}
