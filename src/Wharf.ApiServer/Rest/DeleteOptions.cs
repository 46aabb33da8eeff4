namespace Wharf.ApiServer.Rest;

/// <summary>A parsed DeleteOptions (from the body or the query).</summary>
public sealed record DeleteOptions
{
    public long? GracePeriodSeconds { get; init; }
    public string? PropagationPolicy { get; init; }
    public string? PreconditionUid { get; init; }
    public string? PreconditionResourceVersion { get; init; }
    public bool DryRun { get; init; }
}
