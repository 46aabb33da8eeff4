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

    public static IEnumerable<FieldError> ValidateKeys(JsonNode? data, string field)
    {
        foreach (var (key, _) in data as JsonObject ?? [])
            foreach (var msg in IsConfigKey(key))
                yield return FieldError.Invalid($"{field}[{key}]", key, msg);
    }

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
        long total = 0;
        foreach (var (key, value) in data as JsonObject ?? [])
        {
            total += key.Length;
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            total += base64Values ? text.Length / 4 * 3 - (text.EndsWith("==") ? 2 : text.EndsWith('=') ? 1 : 0) : System.Text.Encoding.UTF8.GetByteCount(text);
        }
        return total;
    }

    /// <summary>field.TooLong on the empty path, as upstream reports an oversized ConfigMap or Secret.</summary>
    public static FieldError TooLarge() => FieldError.TooLong("", MaxTotalBytes);
}
