using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// ConfigMaps: keys must be valid config keys and unique across data and binaryData, the total stays within 1 MiB;
/// the data of an immutable ConfigMap cannot change.
/// </summary>
internal sealed class ConfigMapStrategy : ResourceStrategy
{
    /// <summary>Checked eagerly, in upstream's order: a valid ConfigMap (nearly every write) allocates no list or iterator.</summary>
    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        List<FieldError>? errors = null;
        AddKeyErrors(ref errors, obj, "data");
        AddKeyErrors(ref errors, obj, "binaryData");
        var data = obj["data"] as JsonObject;
        if (obj["binaryData"] is JsonObject binaryData)
        {
            for (var i = 0; i < binaryData.Count; i++)
            {
                var key = binaryData.GetAt(i).Key;
                if (data?.ContainsKey(key) == true)
                    (errors ??= []).Add(FieldError.Invalid($"binaryData[{key}]", key, "duplicate of key present in data"));
            }
        }
        if (DataKeys.Size(obj["data"], base64Values: false) + DataKeys.Size(obj["binaryData"], base64Values: true) > DataKeys.MaxTotalBytes)
            (errors ??= []).Add(DataKeys.TooLarge());
        return errors ?? (IEnumerable<FieldError>)[];
    }

    private static void AddKeyErrors(ref List<FieldError>? errors, JsonObject obj, string field)
    {
        if (DataKeys.ValidateKeys(obj[field], field) is { Count: > 0 } keyErrors)
            (errors ??= []).AddRange(keyErrors);
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
