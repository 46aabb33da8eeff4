using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>ConfigMaps: keys must be valid config keys; the data of an immutable ConfigMap cannot change.</summary>
internal sealed partial class ConfigMapStrategy : ResourceStrategy
{
    [System.Text.RegularExpressions.GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex ConfigKey();

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        foreach (var field in new[] { "data", "binaryData" })
        {
            foreach (var (key, _) in obj[field] as JsonObject ?? [])
            {
                if (key.Length > 253 || !ConfigKey().IsMatch(key))
                    yield return FieldError.Invalid($"{field}[{key}]", key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
            }
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        if (old["immutable"].Bool() != true) yield break;
        if (!JsonNode.DeepEquals(obj["data"], old["data"]))
            yield return FieldError.Forbidden("data", "field is immutable when `immutable` is set");
        if (!JsonNode.DeepEquals(obj["binaryData"], old["binaryData"]))
            yield return FieldError.Forbidden("binaryData", "field is immutable when `immutable` is set");
        if (obj["immutable"].Bool() != true)
            yield return FieldError.Forbidden("immutable", "field is immutable when `immutable` is set");
    }
}
