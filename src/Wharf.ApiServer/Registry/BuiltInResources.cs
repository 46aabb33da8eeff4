using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry;

/// <summary>
/// The built-in resources at the versions kubectl 1.32 uses, with the names, scopes, short names,
/// categories and subresources upstream's discovery announces.
/// </summary>
public static class BuiltInResources
{
    private static readonly Subresource PodLike = new("status", "", "v1", "", ResourceVerbs.ReadWrite);
    private static readonly IReadOnlyList<string> ConnectVerbs = ["create", "get"];
    private static readonly IReadOnlyList<string> ProxyVerbs = ["create", "delete", "get", "patch", "update"];
    private static readonly IReadOnlyList<string> All = ["all"];

    public static ResourceCatalog CreateCatalog() => new(Kinds());

    public static IEnumerable<ResourceKind> Kinds()
    {
        // core/v1
        yield return Kind("", "v1", "pods", "Pod", ns: true, shortNames: ["po"], categories: All, strategy: Strategies.Pod,
            subresources: [Status("", "v1", "Pod"), Sub("binding", "", "v1", "Binding", ResourceVerbs.CreateOnly),
                Sub("eviction", "policy", "v1", "Eviction", ResourceVerbs.CreateOnly),
                Sub("ephemeralcontainers", "", "v1", "Pod", ResourceVerbs.ReadWrite),
                Sub("log", "", "v1", "Pod", ["get"]),
                Sub("exec", "", "v1", "PodExecOptions", ConnectVerbs), Sub("attach", "", "v1", "PodAttachOptions", ConnectVerbs),
                Sub("portforward", "", "v1", "PodPortForwardOptions", ConnectVerbs), Sub("proxy", "", "v1", "PodProxyOptions", ProxyVerbs)]);
        yield return Kind("", "v1", "namespaces", "Namespace", ns: false, shortNames: ["ns"], strategy: Strategies.Namespace,
            subresources: [Status("", "v1", "Namespace"), Sub("finalize", "", "v1", "Namespace", ["update"])]);
        yield return Kind("", "v1", "services", "Service", ns: true, shortNames: ["svc"], categories: All, strategy: Strategies.Service,
            subresources: [Status("", "v1", "Service"), Sub("proxy", "", "v1", "ServiceProxyOptions", ProxyVerbs)]);
        yield return Kind("", "v1", "endpoints", "Endpoints", ns: true, shortNames: ["ep"], singular: "endpoints", strategy: Strategies.Endpoints);
        yield return Kind("", "v1", "configmaps", "ConfigMap", ns: true, shortNames: ["cm"], strategy: Strategies.ConfigMap);
        yield return Kind("", "v1", "secrets", "Secret", ns: true, strategy: Strategies.Secret);
        yield return Kind("", "v1", "serviceaccounts", "ServiceAccount", ns: true, shortNames: ["sa"],
            subresources: [Sub("token", "authentication.k8s.io", "v1", "TokenRequest", ResourceVerbs.CreateOnly)]);
        yield return Kind("", "v1", "nodes", "Node", ns: false, shortNames: ["no"], strategy: Strategies.Node,
            subresources: [Status("", "v1", "Node"), Sub("proxy", "", "v1", "NodeProxyOptions", ProxyVerbs)]);
        yield return Kind("", "v1", "events", "Event", ns: true, shortNames: ["ev"], strategy: Strategies.Event);
        yield return Kind("", "v1", "replicationcontrollers", "ReplicationController", ns: true, shortNames: ["rc"], categories: All,
            strategy: Strategies.WorkloadOf("ReplicationController"), subresources: [Status("", "v1", "ReplicationController"), Scale()]);
        yield return Kind("", "v1", "persistentvolumes", "PersistentVolume", ns: false, shortNames: ["pv"], strategy: Strategies.PersistentVolume,
            subresources: [Status("", "v1", "PersistentVolume")]);
        yield return Kind("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", ns: true, shortNames: ["pvc"], strategy: Strategies.PersistentVolumeClaim,
            subresources: [Status("", "v1", "PersistentVolumeClaim")]);
        yield return Kind("", "v1", "resourcequotas", "ResourceQuota", ns: true, shortNames: ["quota"], strategy: Strategies.ResourceQuota,
            subresources: [Status("", "v1", "ResourceQuota")]);
        yield return Kind("", "v1", "limitranges", "LimitRange", ns: true, shortNames: ["limits"], strategy: Strategies.LimitRange);
        yield return Kind("", "v1", "podtemplates", "PodTemplate", ns: true, strategy: Strategies.PodTemplate);
        yield return Kind("", "v1", "bindings", "Binding", ns: true, verbs: ResourceVerbs.CreateOnly, stored: false);
        yield return Kind("", "v1", "componentstatuses", "ComponentStatus", ns: false, shortNames: ["cs"], verbs: ["get", "list"], stored: false);

        // apps/v1
        foreach (var (plural, kind, shortName) in new[] { ("deployments", "Deployment", "deploy"), ("replicasets", "ReplicaSet", "rs"), ("statefulsets", "StatefulSet", "sts") })
            yield return Kind("apps", "v1", plural, kind, ns: true, shortNames: [shortName], categories: All,
                strategy: kind == "Deployment" ? Strategies.Deployment : Strategies.WorkloadOf(kind),
                subresources: [Status("apps", "v1", kind), Scale()]);
        yield return Kind("apps", "v1", "daemonsets", "DaemonSet", ns: true, shortNames: ["ds"], categories: All, strategy: new Apps.DaemonSetStrategy(),
            subresources: [Status("apps", "v1", "DaemonSet")]);
        yield return Kind("apps", "v1", "controllerrevisions", "ControllerRevision", ns: true, strategy: Strategies.ControllerRevision);

        // batch/v1
        yield return Kind("batch", "v1", "jobs", "Job", ns: true, categories: All, strategy: Strategies.Job, subresources: [Status("batch", "v1", "Job")]);
        yield return Kind("batch", "v1", "cronjobs", "CronJob", ns: true, shortNames: ["cj"], categories: All, strategy: Strategies.CronJob,
            subresources: [Status("batch", "v1", "CronJob")]);

        // autoscaling v2 (preferred) and v1 share storage.
        foreach (var version in new[] { "v2", "v1" })
            yield return Kind("autoscaling", version, "horizontalpodautoscalers", "HorizontalPodAutoscaler", ns: true, shortNames: ["hpa"], categories: All,
                strategy: Strategies.HorizontalPodAutoscaler, subresources: [Status("autoscaling", version, "HorizontalPodAutoscaler")]) with
            {
                Converter = version == "v1" ? new Conversion.HorizontalPodAutoscalerV1Converter() : null,
            };

        // networking.k8s.io/v1
        yield return Kind("networking.k8s.io", "v1", "ingresses", "Ingress", ns: true, shortNames: ["ing"], strategy: Strategies.Ingress,
            subresources: [Status("networking.k8s.io", "v1", "Ingress")]);
        yield return Kind("networking.k8s.io", "v1", "ingressclasses", "IngressClass", ns: false, strategy: Strategies.IngressClass);
        yield return Kind("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", ns: true, shortNames: ["netpol"], strategy: Strategies.NetworkPolicy);

        yield return Kind("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", ns: true, strategy: Strategies.EndpointSlice);

        // rbac.authorization.k8s.io/v1: names are path segments.
        foreach (var (plural, kind, ns, strategy) in new[] { ("roles", "Role", true, Strategies.Role), ("rolebindings", "RoleBinding", true, Strategies.RoleBinding),
                     ("clusterroles", "ClusterRole", false, Strategies.ClusterRole), ("clusterrolebindings", "ClusterRoleBinding", false, Strategies.ClusterRoleBinding) })
            yield return Kind("rbac.authorization.k8s.io", "v1", plural, kind, ns: ns, strategy: strategy);

        yield return Kind("storage.k8s.io", "v1", "storageclasses", "StorageClass", ns: false, shortNames: ["sc"], strategy: Strategies.StorageClass);
        yield return Kind("storage.k8s.io", "v1", "csidrivers", "CSIDriver", ns: false, strategy: Strategies.CsiDriver);
        yield return Kind("storage.k8s.io", "v1", "csinodes", "CSINode", ns: false, strategy: Strategies.CsiNode);
        yield return Kind("storage.k8s.io", "v1", "csistoragecapacities", "CSIStorageCapacity", ns: true);
        yield return Kind("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", ns: false, strategy: Strategies.VolumeAttachment,
            subresources: [Status("storage.k8s.io", "v1", "VolumeAttachment")]);

        yield return Kind("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", ns: false, shortNames: ["pc"], strategy: Strategies.PriorityClass);
        yield return Kind("coordination.k8s.io", "v1", "leases", "Lease", ns: true, strategy: Strategies.Lease);
        yield return Kind("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", ns: true, shortNames: ["pdb"], strategy: Strategies.PodDisruptionBudget,
            subresources: [Status("policy", "v1", "PodDisruptionBudget")]);
        yield return Kind("events.k8s.io", "v1", "events", "Event", ns: true, shortNames: ["ev"], strategy: Strategies.Event);
        yield return Kind("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", ns: false, strategy: Strategies.RuntimeClass);
        yield return Kind("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", ns: false, shortNames: ["csr"],
            strategy: Strategies.CertificateSigningRequest,
            subresources: [Status("certificates.k8s.io", "v1", "CertificateSigningRequest"), Sub("approval", "certificates.k8s.io", "v1", "CertificateSigningRequest", ResourceVerbs.ReadWrite)]);
        yield return Kind("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", ns: false, shortNames: ["crd", "crds"],
            strategy: Strategies.CustomResourceDefinition, subresources: [Status("apiextensions.k8s.io", "v1", "CustomResourceDefinition")]);
        yield return Kind("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", ns: false, strategy: Strategies.MutatingWebhookConfiguration);
        yield return Kind("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", ns: false, strategy: Strategies.ValidatingWebhookConfiguration);

        // Request-only reviews: created, answered, never stored.
        yield return Kind("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", ns: false, verbs: ResourceVerbs.CreateOnly, stored: false);
        yield return Kind("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", ns: false, verbs: ResourceVerbs.CreateOnly, stored: false);
        foreach (var (plural, kind, ns) in new[] { ("selfsubjectaccessreviews", "SelfSubjectAccessReview", false), ("selfsubjectrulesreviews", "SelfSubjectRulesReview", false),
                     ("subjectaccessreviews", "SubjectAccessReview", false), ("localsubjectaccessreviews", "LocalSubjectAccessReview", true) })
            yield return Kind("authorization.k8s.io", "v1", plural, kind, ns: ns, verbs: ResourceVerbs.CreateOnly, stored: false);
    }

    private static ResourceKind Kind(string group, string version, string plural, string kind, bool ns,
        IReadOnlyList<string>? shortNames = null, IReadOnlyList<string>? categories = null, IResourceStrategy? strategy = null,
        IReadOnlyList<Subresource>? subresources = null, IReadOnlyList<string>? verbs = null, bool stored = true, string? singular = null) => new()
    {
        Group = group,
        Version = version,
        Plural = plural,
        Singular = singular ?? kind.ToLowerInvariant(),
        Kind = kind,
        Namespaced = ns,
        ShortNames = shortNames ?? [],
        Categories = categories ?? [],
        Strategy = strategy ?? Strategies.Plain,
        Subresources = subresources ?? [],
        Verbs = verbs ?? ResourceVerbs.All,
        Stored = stored,
    };

    private static Subresource Status(string group, string version, string kind) => new("status", group, version, kind, ResourceVerbs.ReadWrite);

    private static Subresource Scale() => new("scale", "autoscaling", "v1", "Scale", ResourceVerbs.ReadWrite);

    private static Subresource Sub(string name, string group, string version, string kind, IReadOnlyList<string> verbs) => new(name, group, version, kind, verbs);
}
