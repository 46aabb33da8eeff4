namespace Wharf.Network.Ingress.Routing;

/// <summary>The paths of one host (or of the hostless rules) in precedence order, and the host's default backend.</summary>
internal sealed class HostRoutes(IReadOnlyList<PathRule> paths, RouteMatch? defaultBackend)
{
    public static readonly HostRoutes Empty = new([], null);

    public IReadOnlyList<PathRule> Paths => paths;

    /// <summary>The <c>spec.defaultBackend</c> of the oldest Ingress naming this host, for paths no rule matches.</summary>
    public RouteMatch? DefaultBackend => defaultBackend;

    public RouteMatch? MatchPath(string path)
    {
        foreach (var rule in paths)
            if (rule.Matches(path)) return rule.Target;
        return null;
    }
}
