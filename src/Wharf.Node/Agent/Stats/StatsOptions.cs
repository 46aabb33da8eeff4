namespace Wharf.Node.Agent.Stats;

/// <summary>Where the stats collector finds the node's pods on disk and in the cgroup tree.</summary>
internal sealed record StatsOptions(
    string NodeName,
    string DataDirectory,
    string CgroupRoot,
    string PodsDirectory,
    string PodLogDirectory);
