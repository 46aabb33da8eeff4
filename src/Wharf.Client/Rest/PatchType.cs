namespace Wharf.Client.Rest;

/// <summary>The four patch formats the API accepts; each maps to its Content-Type.</summary>
public enum PatchType
{
    /// <summary>RFC 6902 JSON patch: application/json-patch+json.</summary>
    Json,
    /// <summary>RFC 7386 merge patch: application/merge-patch+json.</summary>
    Merge,
    /// <summary>Strategic merge patch: application/strategic-merge-patch+json.</summary>
    StrategicMerge,
    /// <summary>Server-side apply: application/apply-patch+yaml (JSON is valid YAML); needs a field manager.</summary>
    Apply,
}
