namespace Wharf.ApiServer.Registry;

/// <summary>A subresource as discovery announces it: <c>pods/status</c>, <c>deployments/scale</c> (kind autoscaling/v1 Scale), …</summary>
public sealed record Subresource(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs);
