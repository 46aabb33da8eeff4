using k8s.Models;

namespace Wharf.Scheduler.Plugins.NodeAffinity;

/// <summary>NodeAffinityArgs: affinity every pod of the profile must also satisfy.</summary>
public sealed class NodeAffinityArgs
{
    public V1NodeAffinity? AddedAffinity { get; set; }
}
