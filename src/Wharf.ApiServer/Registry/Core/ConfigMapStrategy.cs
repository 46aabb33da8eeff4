using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// ConfigMaps: keys must be valid config keys and unique across data and binaryData, the total stays within 1 MiB;
/// the data of an immutable ConfigMap cannot change.
/// </summary>
internal sealed class ConfigMapStrategy : ResourceStrategy
{
    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        foreach (var field in new[] { "data", "binaryData" })
            foreach (var e in DataKeys.ValidateKeys(obj[field], field)) yield return e;
        var data = obj["data"] as JsonObject;
        foreach (var (key, _) in obj["binaryData"] as JsonObject ?? [])
            if (data?.ContainsKey(key) == true)
                yield return FieldError.Invalid($"binaryData[{key}]", key, "duplicate of key present in data");
        if (DataKeys.Size(obj["data"], base64Values: false) + DataKeys.Size(obj["binaryData"], base64Values: true) > DataKeys.MaxTotalBytes)
            yield return DataKeys.TooLarge();
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
