using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>Checks of <c>metadata</c> common to every kind: name, namespace, labels, annotations, immutables.</summary>
public static class ObjectMetaValidator
{
    private const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>
    /// Checked eagerly, in upstream's order; a valid object (nearly every write) allocates no list, iterator or
    /// message: names, labels and annotations go through the allocation-free checks first.
    /// </summary>
    public static IEnumerable<FieldError> Validate(JsonObject obj, NameFormat nameFormat, bool namespaced)
    {
        List<FieldError>? errors = null;
        var meta = obj["metadata"] as JsonObject;
        var name = meta?["name"]?.GetValue<string>();
        var generateName = meta?["generateName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
            (errors ??= []).Add(FieldError.Required("metadata.name", "name or generateName is required"));
        else
            AddNameErrors(ref errors, "metadata.name", name, name, nameFormat);
        if (!string.IsNullOrEmpty(generateName))
        {
            // A prefix may end with '-' since the random suffix follows it (upstream's maskTrailingDash).
            var masked = generateName.Length > 1 && generateName.EndsWith('-') ? generateName[..^1] + "a" : generateName;
            AddNameErrors(ref errors, "metadata.generateName", generateName, masked, nameFormat);
        }

        var ns = meta?["namespace"]?.GetValue<string>();
        if (namespaced && string.IsNullOrEmpty(ns))
            (errors ??= []).Add(FieldError.Required("metadata.namespace"));
        else if (!namespaced && !string.IsNullOrEmpty(ns))
            (errors ??= []).Add(FieldError.Forbidden("metadata.namespace", "not allowed on this type"));

        AddAll(ref errors, ValidateLabels(meta?["labels"] as JsonObject, "metadata.labels"));
        AddAll(ref errors, ValidateAnnotations(meta?["annotations"] as JsonObject, "metadata.annotations"));
        if (meta?["finalizers"] is JsonArray { Count: > 0 } finalizers)
            AddAll(ref errors, FinalizerRules.ValidateMetadata(finalizers, IsBuiltInGroup(obj.Str("apiVersion"))));
        return errors ?? (IEnumerable<FieldError>)[];
    }

    private static void AddNameErrors(ref List<FieldError>? errors, string path, string shown, string checkedName, NameFormat format)
    {
        if (IsValidName(checkedName, format)) return;
        foreach (var msg in CheckName(checkedName, format))
            (errors ??= []).Add(FieldError.Invalid(path, shown, msg));
    }

    private static void AddAll(ref List<FieldError>? errors, IEnumerable<FieldError> found)
    {
        if (found is IReadOnlyCollection<FieldError> { Count: 0 }) return;
        foreach (var error in found)
            (errors ??= []).Add(error);
    }

    /// <summary>Whether <see cref="CheckName"/> finds nothing, without its iterator for the common formats.</summary>
    private static bool IsValidName(string name, NameFormat format) => format switch
    {
        NameFormat.Dns1123Label => NameRules.IsValidDns1123Label(name),
        NameFormat.Dns1035Label or NameFormat.PathSegment => !CheckName(name, format).Any(),
        _ => NameRules.IsValidDns1123Subdomain(name),
    };

    /// <summary>
    /// Built-in kinds (core, apps, batch, *.k8s.io, …) use core's ValidateObjectMeta, which also wants unqualified
    /// finalizers to be standard ones; custom resources and CRDs themselves (apiextensions, whose own cleanup
    /// finalizer has no '/') only get apimachinery's qualified-name check.
    /// </summary>
    private static bool IsBuiltInGroup(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/') ?? -1;
        if (slash < 0) return true;
        var group = apiVersion.AsSpan(0, slash);
        if (group.SequenceEqual("apiextensions.k8s.io")) return false;
        return !group.Contains('.') || group.EndsWith(".k8s.io", StringComparison.Ordinal);
    }

    public static IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        if (old["metadata"]?["deletionTimestamp"] is not null)
        {
            var before = (old["metadata"]?["finalizers"] as JsonArray)?.Select(f => f?.ToString()).ToHashSet() ?? [];
            var added = (obj["metadata"]?["finalizers"] as JsonArray)?.Select(f => f?.ToString() ?? "").Where(f => !before.Contains(f)).ToList() ?? [];
            if (added.Count > 0)
                yield return FieldError.Forbidden("metadata.finalizers",
                    $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(f => $"\"{f}\""))}}}");
        }
        foreach (var field in ImmutableMetadata)
        {
            if (!SameJson(obj["metadata"]?[field], old["metadata"]?[field]))
                yield return FieldError.Invalid($"metadata.{field}", obj["metadata"]?[field]?.ToString(), "field is immutable");
        }
    }

    private static readonly string[] ImmutableMetadata = ["name", "namespace", "uid", "creationTimestamp"];

    /// <summary>
    /// Equal as JSON text; strings (every update's case) are compared without serialising them, and without making
    /// them either: two values still held as parsed bytes compare their texts in place.
    /// </summary>
    private static bool SameJson(JsonNode? now, JsonNode? before) =>
        now is JsonValue a && before is JsonValue b && a.GetValueKind() == JsonValueKind.String && b.GetValueKind() == JsonValueKind.String
            ? JsonNode.DeepEquals(a, b)
            : now?.ToJsonString() == before?.ToJsonString();

    public static IEnumerable<string> CheckName(string name, NameFormat format) => format switch
    {
        NameFormat.Dns1123Label => NameRules.IsDns1123Label(name),
        NameFormat.Dns1035Label => NameRules.IsDns1035Label(name),
        NameFormat.PathSegment => NameRules.IsPathSegmentName(name),
        _ => NameRules.IsDns1123Subdomain(name),
    };

    /// <summary>Invalid label keys and values; valid labels (nearly always) allocate no list or iterator.</summary>
    public static IEnumerable<FieldError> ValidateLabels(JsonObject? labels, string path)
    {
        if (labels is null) return [];
        List<FieldError>? errors = null;
        for (var i = 0; i < labels.Count; i++)
        {
            var (key, value) = labels.GetAt(i);
            if (!NameRules.IsValidQualifiedName(key))
                foreach (var msg in NameRules.IsQualifiedName(key))
                    (errors ??= []).Add(FieldError.Invalid(path, key, msg));
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
            if (!NameRules.IsValidLabelValueFast(text))
                foreach (var msg in NameRules.IsValidLabelValue(text))
                    (errors ??= []).Add(FieldError.Invalid(path, text, msg));
        }
        return errors ?? (IEnumerable<FieldError>)[];
    }

    public static IEnumerable<FieldError> ValidateAnnotations(JsonObject? annotations, string path)
    {
        if (annotations is null) yield break;
        long total = 0;
        foreach (var (key, value) in annotations)
        {
            foreach (var msg in NameRules.IsQualifiedName(key.ToLowerInvariant()))
                yield return FieldError.Invalid(path, key, msg);
            total += key.Length + (value?.ToString().Length ?? 0);
        }
        if (total > TotalAnnotationSizeLimit)
            yield return FieldError.TooLong(path, TotalAnnotationSizeLimit);
    }
}
