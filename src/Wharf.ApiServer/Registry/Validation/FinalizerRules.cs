using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>
/// Upstream's finalizer-name rules: apimachinery's ValidateFinalizerName (a qualified name) and core's
/// validateKubeFinalizerName (unless it is one of the standard names, a domain-prefixed one, so that controllers of
/// different owners cannot collide).
/// </summary>
public static class FinalizerRules
{
    private const string NotQualified = "name is neither a standard finalizer name nor is it fully qualified";
    private static readonly string[] Standard = ["kubernetes", "orphan", "foregroundDeletion"];

    /// <summary>A list where both checks report at <paramref name="path"/> (a Namespace's spec.finalizers).</summary>
    public static IEnumerable<FieldError> Validate(JsonNode? finalizers, string path)
    {
        foreach (var name in Names(finalizers))
        {
            foreach (var msg in NameRules.IsQualifiedName(name))
                yield return FieldError.Invalid(path, name, msg);
            if (!IsStandardOrQualified(name))
                yield return FieldError.Invalid(path, name, NotQualified);
        }
    }

    /// <summary>
    /// metadata.finalizers as core's ValidateObjectMeta reports them: the qualified-name check at the list, the standard
    /// name check (built-in kinds only) at each item.
    /// </summary>
    public static IEnumerable<FieldError> ValidateMetadata(JsonArray finalizers, bool builtIn)
    {
        var orphan = false;
        var foreground = false;
        foreach (var name in Names(finalizers))
        {
            foreach (var msg in NameRules.IsQualifiedName(name))
                yield return FieldError.Invalid("metadata.finalizers", name, msg);
            orphan |= name == "orphan";
            foreground |= name == "foregroundDeletion";
        }
        if (orphan && foreground)
            yield return FieldError.Invalid("metadata.finalizers", new RawFieldValue("[]string{" + string.Join(", ", Names(finalizers).Select(n => $"\"{n}\"")) + "}"),
                "finalizer orphan and foregroundDeletion cannot be both set");
        if (!builtIn) yield break;
        var index = 0;
        foreach (var name in Names(finalizers))
        {
            if (!IsStandardOrQualified(name))
                yield return FieldError.Invalid($"metadata.finalizers[{index}]", name, NotQualified);
            index++;
        }
    }

    private static bool IsStandardOrQualified(string name) => name.Contains('/') || Array.IndexOf(Standard, name) >= 0;

    private static IEnumerable<string> Names(JsonNode? finalizers)
    {
        foreach (var finalizer in finalizers as JsonArray ?? [])
            yield return finalizer?.ToString() ?? "";
    }
}
