namespace Wharf.Node.Agent.Stats;

/// <summary>Usage of one pod volume the agent materialised (emptyDir, configMap, secret, …).</summary>
public sealed record VolumeStats(string Name, FsStats Fs);
