using Wharf.Node.Agent.Pods;
using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// What the kubelet API's stats, metrics and pod listing read from: the stats sampler, the node's pods and the pod
/// workers' startup step times.
/// </summary>
internal sealed record KubeletApiSources(string NodeName, StatsSampler Stats, IPodSource Pods, PodStartupSteps? StartupSteps = null);
