using System.Collections.Frozen;

namespace Wharf.ApiServer.Registry;

/// <summary>
/// Every resource the server serves, indexed the ways requests need: by URL (group, version, plural),
/// by kind, and by the short and singular names discovery announces. Custom resources join through
/// <see cref="WithCustomResources"/> so they flow through the same REST path.
/// </summary>
public sealed class ResourceCatalog
{
    private readonly FrozenDictionary<(string Group, string Version, string Plural), ResourceKind> _byPath;
    private readonly FrozenDictionary<(string Group, string Version, string Kind), ResourceKind> _byKind;

    public ResourceCatalog(IEnumerable<ResourceKind> kinds)
    {
        All = kinds.ToList();
        _byPath = All.ToFrozenDictionary(k => (k.Group, k.Version, k.Plural));
        _byKind = All.ToFrozenDictionary(k => (k.Group, k.Version, k.Kind));
        Groups = All.GroupBy(k => k.Group)
            .Select(g => new ApiGroup(g.Key, g.Select(k => k.Version).Distinct().OrderByDescending(VersionPriority.Of).ToList()))
            .OrderBy(g => GroupOrder(g.Name))
            .ToList();
    }

    public IReadOnlyList<ResourceKind> All { get; }

    /// <summary>Groups in discovery order, each with versions in preference order (first = preferred).</summary>
    public IReadOnlyList<ApiGroup> Groups { get; }

    public ResourceKind? Find(string group, string version, string plural) =>
        _byPath.TryGetValue((group, version, plural), out var kind) ? kind : null;

    public ResourceKind? FindByKind(string group, string version, string kind) =>
        _byKind.TryGetValue((group, version, kind), out var found) ? found : null;

    public IEnumerable<ResourceKind> InGroupVersion(string group, string version) =>
        All.Where(k => k.Group == group && k.Version == version);

    public ResourceCatalog WithCustomResources(IEnumerable<ResourceKind> custom) => new(All.Concat(custom));

    // Discovery lists the legacy groups first, like upstream's aggregator does; the rest follow by name.
    private static int GroupOrder(string group) => group switch
    {
        "" => 0,
        "apiregistration.k8s.io" => 1,
        "apps" => 2,
        "events.k8s.io" => 3,
        "authentication.k8s.io" => 4,
        "authorization.k8s.io" => 5,
        "autoscaling" => 6,
        "batch" => 7,
        "certificates.k8s.io" => 8,
        "networking.k8s.io" => 9,
        "policy" => 10,
        "rbac.authorization.k8s.io" => 11,
        "storage.k8s.io" => 12,
        "admissionregistration.k8s.io" => 13,
        "apiextensions.k8s.io" => 14,
        "scheduling.k8s.io" => 15,
        "coordination.k8s.io" => 16,
        "node.k8s.io" => 17,
        "discovery.k8s.io" => 18,
        "flowcontrol.apiserver.k8s.io" => 19,
        "metrics.k8s.io" => 20,
        _ => 100,
    };
}

public sealed record ApiGroup(string Name, IReadOnlyList<string> Versions)
{
    public string PreferredVersion => Versions[0];
}
