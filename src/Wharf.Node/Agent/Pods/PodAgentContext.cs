using Microsoft.Extensions.Logging;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Probes;
using Wharf.Node.Agent.Volumes;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>The node's facts a pod worker reads (host IP, allocatable for resourceFieldRef defaults, host DNS).</summary>
internal sealed record NodeFacts(string Name, string HostIp, decimal AllocatableCpu, decimal AllocatableMemory, long MemoryBytes, DnsSpec HostDns);

/// <summary>Everything the pod workers share.</summary>
internal sealed record PodAgentContext(
    IApiClient Client,
    IContainerRuntime Runtime,
    IEventRecorder Events,
    NodeAgentOptions Options,
    NodeFacts Node,
    VolumeManager Volumes,
    ProbeManager Probes,
    ImageManager Images,
    Backoff CrashBackoff,
    ILogger Logger,
    TimeProvider Time,
    PodStartupSteps StartupSteps,
    ConfigObjectCache Objects);
