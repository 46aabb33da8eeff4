namespace Wharf.Network.Proxy.Health;

/// <summary>An externalTrafficPolicy=Local service's healthCheckNodePort and how many ready endpoints this node has.</summary>
internal sealed record HealthCheckTarget(string Namespace, string Name, int Port, int LocalEndpoints);
