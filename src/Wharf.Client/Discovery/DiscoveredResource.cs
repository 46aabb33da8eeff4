namespace Wharf.Client.Discovery;

/// <summary>A resource the server announces, at its group's preferred version, with its verbs.</summary>
public sealed record DiscoveredResource(Resource Resource, IReadOnlySet<string> Verbs)
{
    public bool Supports(string verb) => Verbs.Contains(verb);
}
