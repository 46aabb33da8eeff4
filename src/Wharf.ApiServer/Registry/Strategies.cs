using Wharf.ApiServer.Registry.Core;

namespace Wharf.ApiServer.Registry;

/// <summary>The strategy instances the catalog shares between kinds.</summary>
public static class Strategies
{
    public static readonly IResourceStrategy Plain = new ResourceStrategy();
    public static readonly IResourceStrategy WithStatus = new ResourceStrategy { HasStatusSubresource = true };
    public static readonly IResourceStrategy Deployment = new ResourceStrategy { HasStatusSubresource = true, TracksGeneration = true, AnnotationsBumpGeneration = true, WorkloadKind = "Deployment" };

    /// <summary>A workload kind with status, generation and upstream's defaults for its spec and pod template.</summary>
    public static IResourceStrategy WorkloadOf(string kind) => new ResourceStrategy { HasStatusSubresource = true, TracksGeneration = true, WorkloadKind = kind };
    public static readonly IResourceStrategy Namespace = new NamespaceStrategy();
    public static readonly IResourceStrategy Pod = new PodStrategy();
    public static readonly IResourceStrategy Service = new ServiceStrategy();
    public static readonly IResourceStrategy Secret = new SecretStrategy();
    public static readonly IResourceStrategy ConfigMap = new ConfigMapStrategy();
    public static readonly IResourceStrategy CustomResourceDefinition = new CustomResources.CrdStrategy();
    public static readonly IResourceStrategy Node = new NodeStrategy();
    public static readonly IResourceStrategy Job = new Batch.JobStrategy();
    public static readonly IResourceStrategy CronJob = new Batch.CronJobStrategy();
    public static readonly IResourceStrategy HorizontalPodAutoscaler = new Autoscaling.HorizontalPodAutoscalerStrategy();
    public static readonly IResourceStrategy PodDisruptionBudget = new Policy.PodDisruptionBudgetStrategy();
    public static readonly IResourceStrategy Ingress = new Networking.IngressStrategy();
    public static readonly IResourceStrategy IngressClass = new Networking.IngressClassStrategy();
    public static readonly IResourceStrategy NetworkPolicy = new Networking.NetworkPolicyStrategy();
    public static readonly IResourceStrategy PersistentVolume = new PersistentVolumeStrategy();
    public static readonly IResourceStrategy PersistentVolumeClaim = new PersistentVolumeClaimStrategy();
    public static readonly IResourceStrategy ResourceQuota = new ResourceQuotaStrategy();
    public static readonly IResourceStrategy LimitRange = new LimitRangeStrategy();
    public static readonly IResourceStrategy Event = new EventStrategy();
    public static readonly IResourceStrategy StorageClass = new Storage.StorageClassStrategy();
    public static readonly IResourceStrategy Role = new Rbac.RoleStrategy(namespaced: true);
    public static readonly IResourceStrategy ClusterRole = new Rbac.RoleStrategy(namespaced: false);
    public static readonly IResourceStrategy RoleBinding = new Rbac.RoleBindingStrategy(namespaced: true);
    public static readonly IResourceStrategy ClusterRoleBinding = new Rbac.RoleBindingStrategy(namespaced: false);
    public static readonly IResourceStrategy PriorityClass = new Scheduling.PriorityClassStrategy();
    public static readonly IResourceStrategy Lease = new Coordination.LeaseStrategy();
    public static readonly IResourceStrategy EndpointSlice = new Discovery.EndpointSliceStrategy();
    public static readonly IResourceStrategy Endpoints = new EndpointsStrategy();
    public static readonly IResourceStrategy PodTemplate = new PodTemplateStrategy();
    public static readonly IResourceStrategy ControllerRevision = new Apps.ControllerRevisionStrategy();
    public static readonly IResourceStrategy RuntimeClass = new Node.RuntimeClassStrategy();
    public static readonly IResourceStrategy CsiDriver = new Storage.CsiDriverStrategy();
    public static readonly IResourceStrategy CsiNode = new Storage.CsiNodeStrategy();
    public static readonly IResourceStrategy VolumeAttachment = new Storage.VolumeAttachmentStrategy();
    public static readonly IResourceStrategy CertificateSigningRequest = new Certificates.CertificateSigningRequestStrategy();
    public static readonly IResourceStrategy ValidatingWebhookConfiguration = new AdmissionRegistration.WebhookConfigurationStrategy(mutating: false);
    public static readonly IResourceStrategy MutatingWebhookConfiguration = new AdmissionRegistration.WebhookConfigurationStrategy(mutating: true);
}
