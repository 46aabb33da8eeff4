using System.Text;
using System.Text.Json;

namespace Wharf.Node.Images;

/// <summary>
/// Parses the two secret formats kubelet reads: <c>kubernetes.io/dockerconfigjson</c> (<c>{"auths": {KEY: …}}</c>)
/// and the legacy <c>kubernetes.io/dockercfg</c> (<c>{KEY: …}</c>). Each entry has username/password or a base64
/// <c>auth</c> of <c>user:password</c> (which wins, as in kubelet), and optionally an identity token.
/// </summary>
public static class DockerConfig
{
    public const string ConfigJsonType = "kubernetes.io/dockerconfigjson";
    public const string ConfigJsonKey = ".dockerconfigjson";
    public const string LegacyType = "kubernetes.io/dockercfg";
    public const string LegacyKey = ".dockercfg";

    /// <summary>Registry key (as written: host, host/path, with or without scheme) → credential.</summary>
    public static IReadOnlyList<KeyValuePair<string, DockerCredential>> ParseConfigJson(ReadOnlySpan<byte> json)
    {
        using var document = Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException("a dockerconfigjson must be a JSON object");
        return document.RootElement.TryGetProperty("auths", out var auths) ? Entries(auths) : [];
    }

    public static IReadOnlyList<KeyValuePair<string, DockerCredential>> ParseLegacy(ReadOnlySpan<byte> json)
    {
        using var document = Parse(json);
        return Entries(document.RootElement);
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid docker config JSON: {e.Message}", e);
        }
    }

    private static List<KeyValuePair<string, DockerCredential>> Entries(JsonElement map)
    {
        if (map.ValueKind != JsonValueKind.Object)
            throw new FormatException("docker config auths must be a JSON object");
        var result = new List<KeyValuePair<string, DockerCredential>>();
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object)
                throw new FormatException($"docker config entry \"{entry.Name}\" must be a JSON object");
            var username = String(entry.Value, "username") ?? "";
            var password = String(entry.Value, "password") ?? "";
            if (String(entry.Value, "auth") is { Length: > 0 } auth)
                (username, password) = DecodeAuth(auth, entry.Name);
            result.Add(new(entry.Name, new DockerCredential(username, password, String(entry.Value, "identitytoken"))));
        }
        return result;
    }

    /// <summary>base64 of <c>user:password</c>; the password may itself contain colons.</summary>
    internal static (string Username, string Password) DecodeAuth(string auth, string key)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
        }
        catch (FormatException)
        {
            throw new FormatException($"docker config entry \"{key}\": auth is not base64");
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            throw new FormatException($"docker config entry \"{key}\": auth is not of the form user:password");
        return (decoded[..colon], decoded[(colon + 1)..].Trim('\0'));
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
