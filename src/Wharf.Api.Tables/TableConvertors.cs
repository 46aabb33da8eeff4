using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.CustomResources;
using Wharf.Api.Tables.Kinds.Admission;
using Wharf.Api.Tables.Kinds.Apps;
using Wharf.Api.Tables.Kinds.Autoscaling;
using Wharf.Api.Tables.Kinds.Batch;
using Wharf.Api.Tables.Kinds.Certificates;
using Wharf.Api.Tables.Kinds.Coordination;
using Wharf.Api.Tables.Kinds.Core;
using Wharf.Api.Tables.Kinds.Networking;
using Wharf.Api.Tables.Kinds.Node;
using Wharf.Api.Tables.Kinds.Policy;
using Wharf.Api.Tables.Kinds.Rbac;
using Wharf.Api.Tables.Kinds.Scheduling;
using Wharf.Api.Tables.Kinds.Storage;

namespace Wharf.Api.Tables;

/// <summary>
/// Entry point: the Table convertor for a resource, matching upstream Kubernetes 1.32's server-side printing.
/// </summary>
/// <example>
/// <code>
/// var convertor = TableConvertors.For("apps", "deployments") ?? TableConvertors.Default;
/// var cells = convertor.Cells(deploymentJson, DateTimeOffset.UtcNow);   // ["web", "2/3", 3, 2, "5m", …]
/// </code>
/// </example>
public static class TableConvertors
{
    private static readonly FrozenDictionary<(string Group, string Resource), ITableConvertor> BuiltIn = Build();

    /// <summary>The Name / Created At convertor upstream uses for kinds without a printer.</summary>
    public static ITableConvertor Default { get; } = new DefaultTableConvertor();

    /// <summary>
    /// The printer of a built-in resource (group "" for core, plural resource name), or null when
    /// upstream has none and serves <see cref="Default"/> (roles, clusterroles, limitranges,
    /// customresourcedefinitions, …). Custom resources use <see cref="ForCustomResource"/>.
    /// </summary>
    public static ITableConvertor? For(string group, string resource) =>
        BuiltIn.GetValueOrDefault((group, resource));

    /// <summary>
    /// The convertor for a custom resource version, from that version's
    /// <c>additionalPrinterColumns</c> array (null or empty → NAME, AGE).
    /// </summary>
    public static ITableConvertor ForCustomResource(JsonArray? additionalPrinterColumns) =>
        CustomResourceTableConvertor.FromPrinterColumns(additionalPrinterColumns);

    private static FrozenDictionary<(string, string), ITableConvertor> Build()
    {
        var webhooks = new WebhookConfigurationPrinter();
        var map = new Dictionary<(string, string), ITableConvertor>
        {
            [("", "pods")] = new PodPrinter(),
            [("", "podtemplates")] = new PodTemplatePrinter(),
            [("", "replicationcontrollers")] = ReplicaSetPrinter.ForReplicationControllers(),
            [("", "services")] = new ServicePrinter(),
            [("", "endpoints")] = new EndpointsPrinter(),
            [("", "namespaces")] = new NamespacePrinter(),
            [("", "nodes")] = new NodePrinter(),
            [("", "events")] = new EventPrinter(EventFields.CoreV1),
            [("events.k8s.io", "events")] = new EventPrinter(EventFields.EventsV1),
            [("", "configmaps")] = new ConfigMapPrinter(),
            [("", "secrets")] = new SecretPrinter(),
            [("", "serviceaccounts")] = new ServiceAccountPrinter(),
            [("", "persistentvolumes")] = new PersistentVolumePrinter(),
            [("", "persistentvolumeclaims")] = new PersistentVolumeClaimPrinter(),
            [("", "resourcequotas")] = new ResourceQuotaPrinter(),
            [("apps", "deployments")] = new DeploymentPrinter(),
            [("apps", "replicasets")] = ReplicaSetPrinter.ForReplicaSets(),
            [("apps", "statefulsets")] = new StatefulSetPrinter(),
            [("apps", "daemonsets")] = new DaemonSetPrinter(),
            [("apps", "controllerrevisions")] = new ControllerRevisionPrinter(),
            [("batch", "jobs")] = new JobPrinter(),
            [("batch", "cronjobs")] = new CronJobPrinter(),
            [("networking.k8s.io", "ingresses")] = new IngressPrinter(),
            [("networking.k8s.io", "ingressclasses")] = new IngressClassPrinter(),
            [("networking.k8s.io", "networkpolicies")] = new NetworkPolicyPrinter(),
            [("discovery.k8s.io", "endpointslices")] = new EndpointSlicePrinter(),
            [("autoscaling", "horizontalpodautoscalers")] = new HorizontalPodAutoscalerPrinter(),
            [("policy", "poddisruptionbudgets")] = new PodDisruptionBudgetPrinter(),
            [("scheduling.k8s.io", "priorityclasses")] = new PriorityClassPrinter(),
            [("node.k8s.io", "runtimeclasses")] = new RuntimeClassPrinter(),
            [("coordination.k8s.io", "leases")] = new LeasePrinter(),
            [("rbac.authorization.k8s.io", "rolebindings")] = RoleBindingPrinter.ForRoleBindings(),
            [("rbac.authorization.k8s.io", "clusterrolebindings")] = RoleBindingPrinter.ForClusterRoleBindings(),
            [("certificates.k8s.io", "certificatesigningrequests")] = new CertificateSigningRequestPrinter(),
            [("storage.k8s.io", "storageclasses")] = new StorageClassPrinter(),
            [("storage.k8s.io", "csidrivers")] = new CsiDriverPrinter(),
            [("storage.k8s.io", "csinodes")] = new CsiNodePrinter(),
            [("storage.k8s.io", "volumeattachments")] = new VolumeAttachmentPrinter(),
            [("storage.k8s.io", "csistoragecapacities")] = new CsiStorageCapacityPrinter(),
            [("admissionregistration.k8s.io", "mutatingwebhookconfigurations")] = webhooks,
            [("admissionregistration.k8s.io", "validatingwebhookconfigurations")] = webhooks,
        };
        return map.ToFrozenDictionary();
    }
}
