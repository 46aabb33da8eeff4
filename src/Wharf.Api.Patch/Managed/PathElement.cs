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

    /// <summary>
    /// What equality and hashing compare: a field's is its FieldsV1 key, made with it; a key's, value's or index's is
    /// made on first use, as most of those elements are only ever ordered (sets keep them in sorted lists), never
    /// hashed.
    /// </summary>
    private string? _identity;

    /// <summary>The FieldsV1 key of a key or value element, built on first use (a field's is its identity).</summary>
    private string? _serialized;

    /// <summary>One builder per thread for the texts of key and value elements (made per element, of a few dozen chars).</summary>
    [ThreadStatic]
    private static StringBuilder? t_text;

    private PathElement(PathElementKind kind, string? fieldName, IReadOnlyList<KeyValuePair<string, JsonNode?>>? key, JsonNode? value, int index)
    {
        Kind = kind;
        FieldName = fieldName;
        Key = key;
        Value = value;
        Index = index;
        if (kind == PathElementKind.Field)
        {
            _identity = "f:" + fieldName;
        }
    }

    private string Identity => _identity ??= BuildIdentity();

    private string BuildIdentity()
    {
        var sb = RentText();
        switch (Kind)
        {
            case PathElementKind.Key:
                sb.Append("k:");
                for (var i = 0; i < Key!.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append(Key[i].Key).Append('=');
                    JsonNodes.AppendCanonical(sb, Key[i].Value);
                }

                break;
            case PathElementKind.Value:
                sb.Append("v:");
                JsonNodes.AppendCanonical(sb, Value);
                break;
            default:
                sb.Append("i:").Append(Index.ToString(CultureInfo.InvariantCulture));
                break;
        }

        return sb.ToString();
    }

    /// <summary>The thread's builder, emptied (nothing that writes into it calls back into this class).</summary>
    private static StringBuilder RentText()
    {
        var sb = t_text ??= new StringBuilder(128);
        sb.Clear();
        return sb;
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
        FieldElements.TryGetValue(name, out var element) ? element._identity! : "f:" + name;

    public static PathElement Keyed(IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        if (!fields.TryGetNonEnumeratedCount(out var size))
        {
            fields = fields.ToList();
            size = ((List<KeyValuePair<string, JsonNode?>>)fields).Count;
        }

        var key = new KeyValuePair<string, JsonNode?>[size];
        var count = 0;
        foreach (var (name, value) in fields)
        {
            key[count++] = new KeyValuePair<string, JsonNode?>(name, Detached(value));
        }

        SortByName(key);
        return new(PathElementKind.Key, null, key, null, 0);
    }

    /// <summary>
    /// The element of a list item keyed by one field with a plain string value (a condition's type, a container's
    /// name), the same as <see cref="Keyed"/> of that field: shared through <see cref="ParsedElementCache"/> under its
    /// FieldsV1 key text, which is written here without allocating, as every update's comparison keys every item of
    /// the lists it walks (and then hashes and orders them by texts an element makes once).
    /// </summary>
    internal static PathElement KeyedByOne(string name, JsonNode? value)
    {
        Span<char> buffer = stackalloc char[ParsedElementCache.MaxKeyLength];
        var length = KeyText(name, value, buffer);
        if (length == 0)
        {
            return Keyed([new(name, value)]);
        }

        var text = buffer[..length];
        if (ParsedElementCache.TryGet(text, out var cached))
        {
            return cached;
        }

        var element = Keyed([new(name, value)]);
        ParsedElementCache.AddIfCanonical(text.ToString(), element);
        return element;
    }

    /// <summary>
    /// Writes <c>k:{"name":"value"}</c> and returns its length, or 0 when the value is not a string or either text is
    /// not plain printable ASCII without quotes or backslashes (which the key text would escape). The cache keeps only
    /// an element whose own key text this is, so anything written otherwise is only a miss.
    /// </summary>
    private static int KeyText(string name, JsonNode? value, Span<char> buffer)
    {
        const int overhead = 9; // k:{"":""}
        if (value is not JsonValue text || name.Length + overhead > buffer.Length || !IsPlain(name))
        {
            return 0;
        }

        "k:{\"".CopyTo(buffer);
        name.CopyTo(buffer[4..]);
        var at = 4 + name.Length;
        "\":\"".CopyTo(buffer[at..]);
        at += 3;
        var room = buffer.Length - at - 2;
        if (text.TryGetValue<JsonElement>(out var element))
        {
            // A value parsed from a document: its raw text, quotes included, read without making a string.
            if (element.ValueKind != JsonValueKind.String)
            {
                return 0;
            }

            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
            raw = raw[1..^1];
            if (raw.Length > room)
            {
                return 0;
            }

            for (var i = 0; i < raw.Length; i++)
            {
                if (!IsPlain((char)raw[i]))
                {
                    return 0;
                }

                buffer[at++] = (char)raw[i];
            }
        }
        else if (text.TryGetValue<string>(out var plain) && plain.Length <= room && IsPlain(plain))
        {
            plain.CopyTo(buffer[at..]);
            at += plain.Length;
        }
        else
        {
            return 0;
        }

        buffer[at++] = '"';
        buffer[at++] = '}';
        return at;
    }

    private static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            if (!IsPlain(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlain(char c) => c is >= ' ' and <= '~' and not '"' and not '\\';

    /// <summary>
    /// Orders key fields by name, stably (insertion sort: an item's key has one to three fields, whose names are
    /// distinct anyway).
    /// </summary>
    private static void SortByName(KeyValuePair<string, JsonNode?>[] key)
    {
        for (var i = 1; i < key.Length; i++)
        {
            var item = key[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(key[j].Key, item.Key) > 0)
            {
                key[j + 1] = key[j];
                j--;
            }

            key[j + 1] = item;
        }
    }

    public static PathElement OfValue(JsonNode? value) => new(PathElementKind.Value, null, null, Detached(value), 0);

    /// <summary>
    /// A copy of a key or set value the element can keep: a string as a plain string value, which reads without
    /// allocating every time the element is compared or printed (a copy of a value parsed from a document is a new
    /// document, and reading its string makes a new string each time); any other value as a deep copy.
    /// </summary>
    private static JsonNode? Detached(JsonNode? value) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String
            ? JsonValue.Create(text.GetValue<string>())
            : JsonNodes.Clone(value);

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

        if (ParsedElementCache.TryGet(text, out var cached))
        {
            return cached;
        }

        var element = ParseKeyed(text);
        ParsedElementCache.AddIfCanonical(text, element);
        return element;
    }

    /// <summary>A key, value or index element parsed from its text (<see cref="Parse"/> without the cache).</summary>
    private static PathElement ParseKeyed(string text)
    {
        var body = text[2..];
        try
        {
            switch (text[0])
            {
                case 'v':
                    return OfValue(JsonNode.Parse(body));
                case 'k':
                    var obj = JsonNode.Parse(body) as JsonObject ?? throw new FormatException($"invalid key element: {text}");
                    return Keyed(obj);
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

        if (ParsedElementCache.TryGet(key, out var cached))
        {
            return cached;
        }

        var text = key.ToString();
        try
        {
            var element = ParseKeyed(text);
            if (element.Serialize() != text)
            {
                return null;
            }

            ParsedElementCache.AddIfCanonical(text, element);
            return element;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The FieldsV1 key form (<c>f:</c>, <c>k:</c>, <c>v:</c>, <c>i:</c>).</summary>
    public string Serialize() => Kind == PathElementKind.Field ? _identity! : _serialized ??= SerializeKeyed();

    private string SerializeKeyed()
    {
        switch (Kind)
        {
            case PathElementKind.Key:
                var sb = RentText().Append("k:{");
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
        other is not null && Kind == other.Kind && string.Equals(Identity, other.Identity, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PathElement);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Identity);

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
