using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>Secrets: type defaults to Opaque; type and the data of an immutable secret cannot change.</summary>
internal sealed class SecretStrategy : ResourceStrategy
{
    protected override void ApplyDefaults(JsonObject obj)
    {
        if (string.IsNullOrEmpty(obj.Str("type")))
            obj["type"] = "Opaque";
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        if (obj["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text) && !IsBase64(text))
                    yield return FieldError.Invalid($"data[{key}]", "<secret contents redacted>", "illegal base64 data");
            }
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
