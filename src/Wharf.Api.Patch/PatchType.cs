namespace Wharf.Api.Patch;

/// <summary>The four PATCH flavours the API server accepts.</summary>
public enum PatchType
{
    /// <summary>RFC 6902, <c>application/json-patch+json</c> (<c>kubectl patch --type=json</c>).</summary>
    Json,

    /// <summary>RFC 7386, <c>application/merge-patch+json</c> (<c>--type=merge</c>).</summary>
    Merge,

    /// <summary><c>application/strategic-merge-patch+json</c> (kubectl's default, client-side apply).</summary>
    StrategicMerge,

    /// <summary>Server-side apply, <c>application/apply-patch+yaml</c> (kubectl sends JSON, which is valid YAML).</summary>
    Apply,
}
