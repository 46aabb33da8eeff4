namespace Wharf.ApiServer.Authorization;

/// <summary>What is being asked for: a verb on a resource (group, resource, subresource, namespace, name) or a non-resource path.</summary>
public sealed record AuthorizationAttributes(
    string Verb,
    string Group = "",
    string Version = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "",
    string? Path = null)
{
    public bool IsResourceRequest => Path is null;
}
