namespace Wharf.Api.Patch;

/// <summary>Maps PATCH request Content-Types to <see cref="PatchType"/>.</summary>
public static class PatchContentTypes
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatchYaml = "application/apply-patch+yaml";

    /// <summary>All accepted media types, in upstream's order (for 415 messages).</summary>
    public static readonly IReadOnlyList<string> All = [JsonPatch, MergePatch, StrategicMergePatch, ApplyPatchYaml];

    /// <summary>Parses a Content-Type header, ignoring parameters such as <c>charset</c> and letter case.</summary>
    public static bool TryParse(string? contentType, out PatchType type)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        (var known, type) = mediaType switch
        {
            JsonPatch => (true, PatchType.Json),
            MergePatch => (true, PatchType.Merge),
            StrategicMergePatch => (true, PatchType.StrategicMerge),
            ApplyPatchYaml => (true, PatchType.Apply),
            _ => (false, default),
        };
        return known;
    }
}
