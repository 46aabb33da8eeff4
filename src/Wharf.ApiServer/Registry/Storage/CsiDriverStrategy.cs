using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Storage;

/// <summary>
/// CSIDrivers: upstream's defaults (attach required, pod info not passed, persistent volumes only, fsGroup for RWO with
/// a filesystem type), its rules (driver name, known lifecycle modes and fsGroup policies, token audiences unique
/// with at least ten-minute lifetimes) and the fields an update may not change.
/// </summary>
internal sealed class CsiDriverStrategy : ResourceStrategy
{
    private static readonly string[] LifecycleModes = ["Persistent", "Ephemeral"];
    private static readonly string[] FsGroupPolicies = ["File", "None", "ReadWriteOnceWithFSType"];

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        spec.Default("attachRequired", true);
        spec.Default("podInfoOnMount", false);
        spec.Default("storageCapacity", false);
        spec.Default("requiresRepublish", false);
        spec.Default("fsGroupPolicy", "ReadWriteOnceWithFSType");
        spec.Default("volumeLifecycleModes", new JsonArray("Persistent"));
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        foreach (var e in CsiDriverName.Validate(obj["metadata"].Str("name"), "name")) yield return e;
        var spec = obj["spec"] as JsonObject ?? [];
        var index = 0;
        foreach (var mode in spec["volumeLifecycleModes"] as JsonArray ?? [])
        {
            var value = mode?.ToString() ?? "";
            if (Array.IndexOf(LifecycleModes, value) < 0)
                yield return FieldError.NotSupported($"spec.volumeLifecycleModes[{index}]", value, LifecycleModes);
            index++;
        }
        foreach (var e in FieldRules.OneOf(spec, "fsGroupPolicy", "spec.fsGroupPolicy", FsGroupPolicies)) yield return e;
        var audiences = new HashSet<string>();
        index = 0;
        foreach (var request in spec["tokenRequests"].Objects())
        {
            var at = $"spec.tokenRequests[{index++}]";
            var audience = request.Str("audience") ?? "";
            if (!audiences.Add(audience))
                yield return FieldError.Duplicate($"{at}.audience", audience);
            if (request["expirationSeconds"].Long() is { } seconds)
            {
                if (seconds < 600)
                    yield return FieldError.Invalid($"{at}.expirationSeconds", seconds, "may not specify a duration less than 10 minutes");
                if (seconds > 1L << 32)
                    yield return FieldError.Invalid($"{at}.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds");
            }
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        foreach (var field in new[] { "attachRequired", "fsGroupPolicy", "volumeLifecycleModes" })
            foreach (var e in FieldRules.Unchanged(obj["spec"]?[field], old["spec"]?[field], $"spec.{field}")) yield return e;
    }
}
