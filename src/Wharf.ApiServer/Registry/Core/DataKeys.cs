using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// The data maps of ConfigMaps and Secrets: config-key names (as file names in volumes) and upstream's 1 MiB cap on
/// the total, which keeps every object within etcd's request limit.
/// </summary>
public static partial class DataKeys
{
    public const int MaxTotalBytes = 1024 * 1024;

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();

    /// <summary>The invalid keys of a data map: a valid map (nearly every write) allocates nothing.</summary>
    public static IReadOnlyList<FieldError> ValidateKeys(JsonNode? data, string field)
    {
        if (data is not JsonObject map) return [];
        List<FieldError>? errors = null;
        for (var i = 0; i < map.Count; i++)
        {
            var key = map.GetAt(i).Key;
            if (IsValidConfigKey(key)) continue;
            foreach (var msg in IsConfigKey(key))
                (errors ??= []).Add(FieldError.Invalid($"{field}[{key}]", key, msg));
        }
        return errors ?? (IReadOnlyList<FieldError>)[];
    }

    /// <summary>Whether <see cref="IsConfigKey"/> finds nothing, without its iterator.</summary>
    private static bool IsValidConfigKey(string key) =>
        key.Length <= 253 && ConfigKey().IsMatch(key) && key is not ("." or "..") && !key.StartsWith("..", StringComparison.Ordinal);

    public static IEnumerable<string> IsConfigKey(string key)
    {
        if (key.Length > 253) yield return "must be no more than 253 characters";
        if (!ConfigKey().IsMatch(key))
            yield return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
        else if (key is "." or "..") yield return $"must not be '{key}'";
        else if (key.StartsWith("..", StringComparison.Ordinal)) yield return "must not start with '..'";
    }

    /// <summary>The byte size of keys plus values (base64 values count decoded, as upstream counts []byte).</summary>
    public static long Size(JsonNode? data, bool base64Values)
    {
        if (data is not JsonObject map) return 0;
        long total = 0;
        for (var i = 0; i < map.Count; i++)
        {
            var (key, value) = map.GetAt(i);
            total += key.Length;
            if (value is JsonValue v && TryRawText(v, out var raw))
            {
                total += base64Values ? Base64DecodedLength(raw.Length, raw.EndsWith("=="u8), raw.EndsWith("="u8)) : raw.Length;
                continue;
            }
            var text = value is JsonValue sv && sv.TryGetValue<string>(out var s) ? s : "";
            total += base64Values ? Base64DecodedLength(text.Length, text.EndsWith("=="), text.EndsWith('=')) : System.Text.Encoding.UTF8.GetByteCount(text);
        }
        return total;
    }

    private static long Base64DecodedLength(int length, bool twoPads, bool onePad) => length / 4 * 3 - (twoPads ? 2 : onePad ? 1 : 0);

    /// <summary>
    /// A string value still held as its parsed bytes (a body or stored object read lazily), when they spell the
    /// string as it is: no escapes, ASCII only. Its length in bytes is then the length in characters too, and
    /// nothing needs the string itself (every write of a ConfigMap or Secret otherwise made a copy of each value
    /// only to measure it).
    /// </summary>
    private static bool TryRawText(JsonValue value, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (!value.TryGetValue<JsonElement>(out var element) || element.ValueKind != JsonValueKind.String) return false;
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length < 2 || raw[0] != (byte)'"' || raw[^1] != (byte)'"') return false;
        text = raw[1..^1];
        return text.IndexOf((byte)'\\') < 0 && Ascii.IsValid(text);
    }

    /// <summary>field.TooLong on the empty path, as upstream reports an oversized ConfigMap or Secret.</summary>
    public static FieldError TooLarge() => FieldError.TooLong("", MaxTotalBytes);
}
