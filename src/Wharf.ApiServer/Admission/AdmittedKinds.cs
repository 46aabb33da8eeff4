using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// The built-in kinds admission plugins read besides the request's own, so that their storage keys come from
/// <see cref="Rest.ResourceStore.KeyFor"/> and <see cref="Rest.ResourceStore.PrefixFor"/> like every other key.
/// </summary>
internal static class AdmittedKinds
{
    private static readonly IReadOnlyDictionary<(string Group, string Plural), ResourceKind> Stored =
        BuiltInResources.Kinds().GroupBy(k => (k.Group, k.Plural)).ToDictionary(g => g.Key, g => g.First()); // versions share one prefix

    public static readonly ResourceKind Namespaces = Stored[("", "namespaces")];
    public static readonly ResourceKind ServiceAccounts = Stored[("", "serviceaccounts")];
    public static readonly ResourceKind PriorityClasses = Stored[("scheduling.k8s.io", "priorityclasses")];
    public static readonly ResourceKind IngressClasses = Stored[("networking.k8s.io", "ingressclasses")];

    public static bool Is(ResourceKind kind, ResourceKind other) => kind.Group == other.Group && kind.Plural == other.Plural;
}
