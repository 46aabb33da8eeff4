using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.CustomResources;

/// <summary>
/// CustomResourceDefinitions: the name must be <c>PLURAL.GROUP</c>, exactly one storage version, names valid;
/// new CRDs get the cleanup finalizer so their custom resources are removed with them.
/// </summary>
internal sealed class CrdStrategy : ResourceStrategy
{
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public CrdStrategy()
    {
        TracksGeneration = true;
        HasStatusSubresource = true;
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        var finalizers = obj.Obj("metadata")["finalizers"] as JsonArray ?? new JsonArray();
        if (!finalizers.Any(f => f?.ToString() == CleanupFinalizer)) finalizers.Add(CleanupFinalizer);
        obj.Obj("metadata")["finalizers"] = finalizers;
    }

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        var names = spec.Obj("names");
        if (names.Str("singular") is null && names.Str("kind") is { } kind) names["singular"] = kind.ToLowerInvariant();
        if (names.Str("listKind") is null && names.Str("kind") is { } k) names["listKind"] = k + "List";
        spec.Default("conversion", new JsonObject { ["strategy"] = "None" });
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var group = spec.Str("group");
        var names = spec?["names"] as JsonObject;
        var plural = names.Str("plural");
        var name = obj["metadata"].Str("name");
        if (string.IsNullOrEmpty(group)) yield return FieldError.Required("spec.group");
        else if (!group.Contains('.')) yield return FieldError.Invalid("spec.group", group, "should be a domain with at least one dot");
        if (string.IsNullOrEmpty(plural)) yield return FieldError.Required("spec.names.plural");
        if (string.IsNullOrEmpty(names.Str("kind"))) yield return FieldError.Required("spec.names.kind");
        if (!string.IsNullOrEmpty(plural) && !string.IsNullOrEmpty(group) && name != $"{plural}.{group}")
            yield return FieldError.Invalid("metadata.name", name, $"must be spec.names.plural+\".\"+spec.group");
        var scope = spec.Str("scope");
        if (scope is not ("Namespaced" or "Cluster"))
            yield return FieldError.NotSupported("spec.scope", scope ?? "", ["Cluster", "Namespaced"]);
        var versions = spec?["versions"].Objects().ToList() ?? [];
        if (versions.Count == 0) yield return FieldError.Invalid("spec.versions", "null", "must have exactly one version marked as storage version");
        else if (versions.Count(v => v["storage"].Bool() == true) != 1)
            yield return FieldError.Invalid("spec.versions", new RawFieldValue("[]apiextensions.CustomResourceDefinitionVersion{...}"), "must have exactly one version marked as storage version");
        foreach (var (version, index) in versions.Select((v, i) => (v, i)))
        {
            var versionName = version.Str("name") ?? "";
            foreach (var msg in NameRules.IsDns1035Label(versionName))
                yield return FieldError.Invalid($"spec.versions[{index}].name", versionName, msg);
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        if (obj["spec"].Str("group") != old["spec"].Str("group"))
            yield return FieldError.Invalid("spec.group", obj["spec"].Str("group"), "field is immutable");
        if (obj["spec"]?["names"].Str("plural") != old["spec"]?["names"].Str("plural"))
            yield return FieldError.Invalid("spec.names.plural", obj["spec"]?["names"].Str("plural"), "field is immutable");
    }
}
