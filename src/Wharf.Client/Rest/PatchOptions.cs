namespace Wharf.Client.Rest;

/// <summary>Options of a patch call: the subresource to patch (e.g. status), field manager and apply's force flag.</summary>
public sealed record PatchOptions
{
    public string? Subresource { get; init; }
    public string? FieldManager { get; init; }
    public bool Force { get; init; }

    public static readonly PatchOptions Default = new();
}
