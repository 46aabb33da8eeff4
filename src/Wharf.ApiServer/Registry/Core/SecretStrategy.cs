using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Secrets: type defaults to Opaque; keys are config keys holding base64 within 1 MiB in total, and the well-known
/// types carry the keys (or annotation) their consumers need; type and the data of an immutable secret cannot change.
/// </summary>
internal sealed class SecretStrategy : ResourceStrategy
{
    protected override void ApplyDefaults(JsonObject obj)
    {
        if (string.IsNullOrEmpty(obj.Str("type")))
            obj["type"] = "Opaque";
    }

    /// <summary>Keys each well-known type must carry, as upstream's ValidateSecret requires them.</summary>
    private static readonly Dictionary<string, string[]> RequiredKeys = new()
    {
        ["kubernetes.io/dockercfg"] = [".dockercfg"],
        ["kubernetes.io/dockerconfigjson"] = [".dockerconfigjson"],
        ["kubernetes.io/ssh-auth"] = ["ssh-privatekey"],
        ["kubernetes.io/tls"] = ["tls.crt", "tls.key"],
    };

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        foreach (var e in DataKeys.ValidateKeys(obj["data"], "data")) yield return e;
        if (DataKeys.Size(obj["data"], base64Values: true) > DataKeys.MaxTotalBytes)
            yield return DataKeys.TooLarge();
        foreach (var e in TypeRules(obj)) yield return e;
        if (obj["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text) && !IsBase64(text))
                    yield return FieldError.Invalid($"data[{key}]", "<secret contents redacted>", "illegal base64 data");
            }
        }
    }

    private static IEnumerable<FieldError> TypeRules(JsonObject obj)
    {
        var type = obj.Str("type");
        var data = obj["data"] as JsonObject;
        if (type is not null && RequiredKeys.TryGetValue(type, out var keys))
            foreach (var key in keys.Where(k => data?.ContainsKey(k) != true))
                yield return FieldError.Required($"data[{key}]");
        switch (type)
        {
            case "kubernetes.io/service-account-token":
                if (string.IsNullOrEmpty(obj["metadata"]?["annotations"].Str("kubernetes.io/service-account.name")))
                    yield return FieldError.Required("metadata.annotations[kubernetes.io/service-account.name]");
                break;
            case "kubernetes.io/basic-auth":
                if (data?.ContainsKey("username") != true && data?.ContainsKey("password") != true)
                {
                    yield return FieldError.Required("data[username]");
                    yield return FieldError.Required("data[password]");
                }
                break;
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        if (obj.Str("type") != old.Str("type"))
            yield return FieldError.Invalid("type", obj.Str("type"), "field is immutable");
        if (old["immutable"].Bool() == true)
        {
            if (!JsonNode.DeepEquals(obj["data"], old["data"]))
                yield return FieldError.Forbidden("data", "field is immutable when `immutable` is set");
            if (obj["immutable"].Bool() != true)
                yield return FieldError.Forbidden("immutable", "field is immutable when `immutable` is set");
        }
    }

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = text.Length <= 4096 ? stackalloc byte[text.Length] : new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
