using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>
/// Upstream's validateFinalizerName: a qualified name, and unless it is one of the standard names, a domain-prefixed
/// one, so that controllers of different owners cannot collide.
/// </summary>
public static class FinalizerRules
{
    private static readonly string[] Standard = ["kubernetes", "orphan", "foregroundDeletion"];

    public static IEnumerable<FieldError> Validate(JsonNode? finalizers, string path)
    {
        foreach (var name in (finalizers as JsonArray ?? []).Select(f => f?.ToString() ?? ""))
        {
            var errors = NameRules.IsQualifiedName(name).ToList();
            foreach (var msg in errors)
                yield return FieldError.Invalid(path, name, msg);
            if (errors.Count == 0 && !name.Contains('/') && !Standard.Contains(name))
                yield return FieldError.Invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified");
        }
    }
}
