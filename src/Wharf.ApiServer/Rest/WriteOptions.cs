namespace Wharf.ApiServer.Rest;

/// <summary>Options shared by create, update, patch and delete: dry run and the field manager.</summary>
public sealed record WriteOptions
{
    public bool DryRun { get; init; }
    public string FieldManager { get; init; } = "unknown";
    public string? UserAgent { get; init; }

    public static readonly WriteOptions Default = new();
}
