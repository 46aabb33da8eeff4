namespace Wharf.Network.Dns;

/// <summary>A named port of a service or EndpointSlice, as SRV records publish it.</summary>
internal sealed record ServicePort(string Name, string Protocol, int Port);
