namespace Wharf.ApiServer.Rest;

/// <summary>Options shared by create, update, patch and delete: dry run and the field manager.</summary>
public sealed record WriteOptions
{
    public bool DryRun { get; init; }
    public string FieldManager { get; init; } = "unknown";
    public string? UserAgent { get; init; }

    /// <summary>Set when server-side apply already computed managedFields, so the store does not track the write again.</summary>
    public bool ManagedFieldsComputed { get; init; }

    /// <summary>The subresource written (status, scale, …), null for the main resource.</summary>
    public string? Subresource { get; init; }

    public static readonly WriteOptions Default = new();
}
