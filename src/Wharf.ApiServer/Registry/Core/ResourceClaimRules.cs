using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Dynamic resource allocation references, as upstream's validatePodResourceClaims and validateResourceClaimNames:
/// every <c>spec.resourceClaims</c> entry has a unique DNS-label name and exactly one of a claim or a claim template
/// (each a DNS subdomain); every container's <c>resources.claims</c> entry names one of them, once (a claim, or a
/// request within it). Most pods have neither list, which costs two lookups per container.
/// </summary>
internal static class ResourceClaimRules
{
    private const string ClaimsPath = "pod.spec.resourceClaims";

    public static void Validate(JsonObject spec, string specPath, List<FieldError> errors)
    {
        var podClaims = spec["resourceClaims"] is JsonArray { Count: > 0 } claims
            ? ValidatePodClaims(claims, $"{specPath}.resourceClaims", errors)
            : null;
        ValidateContainers(spec, specPath, "initContainers", podClaims, errors);
        ValidateContainers(spec, specPath, "containers", podClaims, errors);
    }

    /// <summary>The pod's claims; returns their non-empty names for the containers' references.</summary>
    private static SortedSet<string> ValidatePodClaims(JsonArray claims, string path, List<FieldError> errors)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var claim in claims.Objects())
        {
            var at = $"{path}[{index++}]";
            var name = claim.Str("name") ?? "";
            if (name.Length == 0)
                errors.Add(FieldError.Required($"{at}.name"));
            else if (names.Contains(name))
                errors.Add(FieldError.Duplicate($"{at}.name", name));
            else
            {
                PodSpecValidator.Label(name, $"{at}.name", errors);
                names.Add(name);
            }
            var claimName = claim.Str("resourceClaimName");
            var templateName = claim.Str("resourceClaimTemplateName");
            if (claimName is not null && templateName is not null)
                errors.Add(FieldError.Invalid(at, new RawFieldValue(claim.ToJsonString()), "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"));
            if (claimName is null && templateName is null)
                errors.Add(FieldError.Invalid(at, new RawFieldValue(claim.ToJsonString()), "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"));
            if (claimName is not null)
                SubdomainOrEmpty(claimName, $"{at}.resourceClaimName", errors);
            if (templateName is not null)
                SubdomainOrEmpty(templateName, $"{at}.resourceClaimTemplateName", errors);
        }
        return names;
    }

    /// <remarks>Paths are built only for a container that references claims: most pods have none.</remarks>
    private static void ValidateContainers(JsonObject spec, string specPath, string list, SortedSet<string>? podClaims, List<FieldError> errors)
    {
        if (spec[list] is not JsonArray { Count: > 0 } containers) return;
        var index = 0;
        foreach (var container in containers.Objects())
        {
            if (container["resources"]?["claims"] is JsonArray { Count: > 0 } references)
                ValidateReferences(references, $"{specPath}.{list}[{index}].resources.claims", podClaims, errors);
            index++;
        }
    }

    /// <summary>
    /// A claim is referenced either whole or by some of its requests (<c>name/request</c>), never both and never twice.
    /// </summary>
    private static void ValidateReferences(JsonArray references, string path, SortedSet<string>? podClaims, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var reference in references.Objects())
        {
            var at = $"{path}[{index++}]";
            var name = reference.Str("name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(at));
                continue;
            }
            if (seen.Contains(name))
            {
                errors.Add(FieldError.Duplicate(at, name));
            }
            else
            {
                var request = reference.Str("request") ?? "";
                var key = name;
                if (request.Length > 0)
                {
                    PodSpecValidator.Label(request, $"{at}.request", errors);
                    key = $"{name}/{request}";
                }
                if (seen.Contains(key))
                    errors.Add(FieldError.Duplicate(at, key));
                else if (request.Length == 0)
                    foreach (var earlier in seen)
                        if (earlier.Length > name.Length && earlier[name.Length] == '/' && earlier.StartsWith(name, StringComparison.Ordinal))
                            errors.Add(FieldError.Duplicate(at, name));
                seen.Add(key);
            }
            if (podClaims is null || !podClaims.Contains(name))
            {
                var detail = "must be one of the names in " + ClaimsPath
                    + (podClaims is not { Count: > 0 } ? " which is empty" : ": " + string.Join(", ", podClaims));
                errors.Add(FieldError.NotFound(at, name) with { Detail = detail });
            }
        }
    }

    private static void SubdomainOrEmpty(string value, string path, List<FieldError> errors)
    {
        foreach (var msg in NameRules.IsDns1123Subdomain(value))
            errors.Add(FieldError.Invalid(path, value, msg));
    }
}
