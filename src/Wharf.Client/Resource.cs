namespace Wharf.Client;

/// <summary>
/// Addresses a resource collection on the API server: group (empty = core), version, plural path segment,
/// kind and scope. The constants are the kinds Wharf's components use.
/// </summary>
public sealed record Resource(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public static readonly Resource Namespaces = new("", "v1", "namespaces", "Namespace", false);
    public static readonly Resource Nodes = new("", "v1", "nodes", "Node", false);
    public static readonly Resource Pods = new("", "v1", "pods", "Pod", true);
    public static readonly Resource ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    public static readonly Resource Secrets = new("", "v1", "secrets", "Secret", true);
    public static readonly Resource ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount", true);
    public static readonly Resource Services = new("", "v1", "services", "Service", true);
    public static readonly Resource Endpoints = new("", "v1", "endpoints", "Endpoints", true);
    public static readonly Resource Events = new("", "v1", "events", "Event", true);
    public static readonly Resource Deployments = new("apps", "v1", "deployments", "Deployment", true);
    public static readonly Resource ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet", true);
    public static readonly Resource StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet", true);
    public static readonly Resource DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", true);
    public static readonly Resource Jobs = new("batch", "v1", "jobs", "Job", true);
    public static readonly Resource Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true);
    public static readonly Resource EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true);

    /// <summary><c>v1</c> or <c>apps/v1</c>, as written in an object's apiVersion.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary><c>pods</c> or <c>deployments.apps</c>, as upstream names a group resource in messages.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>
    /// The URL path of the collection (<paramref name="name"/> null), an object, or one of its subresources.
    /// <paramref name="ns"/> is ignored for cluster-scoped resources; null on a namespaced one means all namespaces.
    /// </summary>
    public string Path(string? ns = null, string? name = null, string? subresource = null)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        var path = Namespaced && !string.IsNullOrEmpty(ns) ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}" : $"{root}/{Plural}";
        if (name is not null) path += "/" + Uri.EscapeDataString(name);
        if (subresource is not null) path += "/" + subresource;
        return path;
    }

    public override string ToString() => $"{GroupResource}/{Version}";
}
