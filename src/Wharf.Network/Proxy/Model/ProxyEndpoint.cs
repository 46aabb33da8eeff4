using System.Net;

namespace Wharf.Network.Proxy.Model;

/// <summary>One endpoint of a service port as an EndpointSlice states it, with the target port already resolved.</summary>
internal sealed record ProxyEndpoint(IPAddress Address, int Port, string? NodeName, bool Ready, bool Serving, bool Terminating);
