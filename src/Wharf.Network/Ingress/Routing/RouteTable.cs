using System.Collections.Frozen;

namespace Wharf.Network.Ingress.Routing;

/// <summary>
/// An immutable routing snapshot, swapped whole on every change so a request in flight keeps the table it started
/// with. Lookup order: exact host (paths, then that host's default backend), wildcard host (same), hostless
/// paths, then the cluster-wide default backend; null means 404.
/// </summary>
internal sealed class RouteTable
{
    public static readonly RouteTable Empty = new(FrozenDictionary<string, HostRoutes>.Empty, FrozenDictionary<string, HostRoutes>.Empty, HostRoutes.Empty, null);

    private readonly FrozenDictionary<string, HostRoutes> _exact;
    private readonly FrozenDictionary<string, HostRoutes> _wildcard;
    private readonly HostRoutes _hostless;
    private readonly RouteMatch? _default;

    public RouteTable(FrozenDictionary<string, HostRoutes> exact, FrozenDictionary<string, HostRoutes> wildcard, HostRoutes hostless, RouteMatch? defaultBackend)
    {
        _exact = exact;
        _wildcard = wildcard;
        _hostless = hostless;
        _default = defaultBackend;
    }

    /// <param name="host">The request host without port, any case.</param>
    /// <param name="path">The request path, still percent-encoded as received.</param>
    public RouteMatch? Match(string host, string path)
    {
        host = HostName.Normalize(host);
        if (_exact.TryGetValue(host, out var exact) && (exact.MatchPath(path) ?? exact.DefaultBackend) is { } byHost)
            return byHost;
        if (HostName.ParentOf(host) is { } parent && _wildcard.TryGetValue(parent, out var wild) && (wild.MatchPath(path) ?? wild.DefaultBackend) is { } byWildcard)
            return byWildcard;
        return _hostless.MatchPath(path) ?? _default;
    }

    /// <summary>
    /// Builds the table from the served Ingresses, oldest first: when two Ingresses claim the same host and path,
    /// or both set a default backend, the older one wins, as upstream controllers resolve such conflicts.
    /// </summary>
    public static RouteTable Build(IEnumerable<IngressSpec> ingressesOldestFirst)
    {
        var paths = new Dictionary<string, List<PathRule>>();
        var hostDefaults = new Dictionary<string, RouteMatch>();
        RouteMatch? clusterDefault = null;
        foreach (var ingress in ingressesOldestFirst)
        {
            foreach (var path in ingress.Paths)
            {
                if (!paths.TryGetValue(path.Host, out var list)) paths[path.Host] = list = [];
                list.Add(new PathRule(path.Path, path.Kind, new RouteMatch(path.Backend, ingress.Key)));
            }
            if (ingress.DefaultBackend is not { } backend) continue;
            var target = new RouteMatch(backend, ingress.Key);
            if (!ingress.HasHostRules) clusterDefault ??= target;
            foreach (var host in ingress.Paths.Select(p => p.Host).Where(h => h.Length > 0).Distinct())
                hostDefaults.TryAdd(host, target);
        }

        HostRoutes RoutesOf(string host)
        {
            var list = paths.GetValueOrDefault(host) ?? [];
            // OrderBy is stable (unlike List.Sort), so on equal precedence the older Ingress stays first.
            var ordered = list.OrderBy(rule => rule, Comparer<PathRule>.Create(PathRule.Precedence)).ToList();
            return new HostRoutes(ordered, hostDefaults.GetValueOrDefault(host));
        }

        var hosts = paths.Keys.Concat(hostDefaults.Keys).Where(h => h.Length > 0).Distinct().ToList();
        var exact = hosts.Where(h => !HostName.IsWildcard(h)).ToFrozenDictionary(h => h, RoutesOf);
        var wildcard = hosts.Where(HostName.IsWildcard).ToFrozenDictionary(HostName.WildcardSuffix, RoutesOf);
        return new RouteTable(exact, wildcard, RoutesOf(""), clusterDefault);
    }
}
