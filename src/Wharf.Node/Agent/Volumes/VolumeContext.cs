using k8s.Models;
using Wharf.Node.Agent.Pods;

namespace Wharf.Node.Agent.Volumes;

/// <summary>What setting up a pod's volumes reads: the pod, its API objects and the values downward API exposes.</summary>
internal sealed record VolumeContext(V1Pod Pod, ObjectSource Objects, string PodIp, string HostIp, decimal NodeCpu, decimal NodeMemory);
