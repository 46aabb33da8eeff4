namespace Wharf.ApiServer.Requests;

/// <summary>
/// What a resource URL addresses, as upstream's RequestInfoFactory derives it:
/// <c>/apis/apps/v1/namespaces/default/deployments/web/scale</c> → group apps, version v1,
/// namespace default, resource deployments, name web, subresource scale, verb from the method.
/// </summary>
public sealed record RequestInfo
{
    public required string Verb { get; init; }
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Resource { get; init; }
    public string? Namespace { get; init; }
    public string? Name { get; init; }
    public string? Subresource { get; init; }

    /// <summary>Path segments after the subresource (e.g. the path forwarded by <c>…/proxy/x/y</c>).</summary>
    public IReadOnlyList<string> ExtraPath { get; init; } = [];
}
