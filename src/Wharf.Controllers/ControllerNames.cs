namespace Wharf.Controllers;

/// <summary>Controller names as <c>--controllers</c> takes them (upstream's).</summary>
public static class ControllerNames
{
    public const string Namespace = "namespace";
    public const string ServiceAccount = "serviceaccount";
    public const string RootCaCertPublisher = "root-ca-cert-publisher";
    public const string NodeIpam = "node-ipam-controller";
    public const string ReplicaSet = "replicaset-controller";
    public const string ReplicationController = "replicationcontroller-controller";
    public const string Deployment = "deployment-controller";
    public const string Endpoints = "endpoint-controller";
    public const string EndpointSlice = "endpointslice-controller";
    public const string EndpointSliceMirroring = "endpointslice-mirroring-controller";
    public const string GarbageCollector = "garbage-collector-controller";
    public const string Job = "job-controller";
    public const string CronJob = "cronjob-controller";
    public const string TtlAfterFinished = "ttl-after-finished-controller";
    public const string DaemonSet = "daemonset-controller";
    public const string StatefulSet = "statefulset-controller";
    public const string NodeLifecycle = "node-lifecycle-controller";
    public const string TaintEviction = "taint-eviction-controller";
    public const string PodGarbageCollector = "pod-garbage-collector-controller";
    public const string Disruption = "disruption-controller";

    /// <summary>The cloud controller manager's service controller (load balancers from the cloud provider).</summary>
    public const string ServiceLb = "service-lb-controller";
}
