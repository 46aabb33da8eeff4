using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Agent.Server;

/// <summary>What the kubelet API's stats, metrics and pod listing read from: the stats sampler and the node's pods.</summary>
internal sealed record KubeletApiSources(string NodeName, StatsSampler Stats, IPodSource Pods);
