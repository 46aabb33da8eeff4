using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Storage;

/// <summary>
/// CSINodes: upstream's ValidateCSINode (per driver: a valid unique name, a node ID of at most 192 characters, qualified
/// topology keys, a non-negative allocatable count) and its update rule (a driver keeps its node ID, topology keys and
/// allocatable once registered).
/// </summary>
internal sealed class CsiNodeStrategy : ResourceStrategy
{
    private const int MaxNodeIdLength = 192;

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var names = new HashSet<string>();
        var index = 0;
        foreach (var driver in obj["spec"]?["drivers"].Objects() ?? [])
        {
            var at = $"spec.drivers[{index++}]";
            var name = driver.Str("name") ?? "";
            foreach (var e in CsiDriverName.Validate(name, $"{at}.name")) yield return e;
            if (!names.Add(name))
                yield return FieldError.Duplicate($"{at}.name", name);
            var nodeId = driver.Str("nodeID") ?? "";
            if (nodeId.Length == 0)
                yield return FieldError.Required($"{at}.nodeID");
            else if (nodeId.Length > MaxNodeIdLength)
                yield return FieldError.TooLong($"{at}.nodeID", MaxNodeIdLength);
            var keys = new HashSet<string>();
            var keyIndex = 0;
            foreach (var key in driver["topologyKeys"] as JsonArray ?? [])
            {
                var text = key?.ToString() ?? "";
                if (text.Length == 0)
                    yield return FieldError.Required($"{at}.topologyKeys[{keyIndex}]");
                else
                    foreach (var msg in NameRules.IsQualifiedName(text))
                        yield return FieldError.Invalid($"{at}.topologyKeys[{keyIndex}]", text, msg);
                if (!keys.Add(text))
                    yield return FieldError.Duplicate($"{at}.topologyKeys[{keyIndex}]", text);
                keyIndex++;
            }
            foreach (var e in FieldRules.NonNegative(driver["allocatable"]?["count"], $"{at}.allocatable.count")) yield return e;
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        var before = new Dictionary<string, JsonObject>();
        foreach (var driver in old["spec"]?["drivers"].Objects() ?? [])
            before[driver.Str("name") ?? ""] = driver;
        var index = 0;
        foreach (var driver in obj["spec"]?["drivers"].Objects() ?? [])
        {
            var at = $"spec.drivers[{index++}]";
            if (!before.TryGetValue(driver.Str("name") ?? "", out var previous)) continue;
            foreach (var field in new[] { "nodeID", "topologyKeys", "allocatable" })
                foreach (var e in FieldRules.Unchanged(driver[field], previous[field], $"{at}.{field}")) yield return e;
        }
    }
}
