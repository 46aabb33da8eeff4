using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>Volume access modes shared by PersistentVolumes and claims: known values, ReadWriteOncePod alone.</summary>
public static class AccessModeRules
{
    private static readonly string[] Supported = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

    public static IEnumerable<FieldError> Validate(JsonNode? modes, string path, string requiredDetail)
    {
        var list = (modes as JsonArray ?? []).Select(m => m?.ToString() ?? "").ToList();
        if (list.Count == 0)
        {
            yield return FieldError.Required(path, requiredDetail);
            yield break;
        }
        foreach (var mode in list.Where(m => !Supported.Contains(m)))
            yield return FieldError.NotSupported(path, mode, Supported);
        if (list.Contains("ReadWriteOncePod") && list.Count > 1)
            yield return FieldError.Forbidden(path, "may not use ReadWriteOncePod with other access modes");
    }
}
