namespace Wharf.Node.Agent.Stats;

/// <summary>Which pod a set of stats belongs to (upstream's podRef).</summary>
public sealed record PodReference(string Name, string Namespace, string Uid);
