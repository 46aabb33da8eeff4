using System.Net;

namespace Wharf.Network.Dns;

/// <summary>One ready address behind a service, with the hostname its EndpointSlice gives it (if any).</summary>
internal sealed record ServiceEndpoint(IPAddress Address, string? Hostname)
{
    /// <summary>The label DNS uses for the endpoint: its hostname, or its address with dashes as upstream does.</summary>
    public string Label => Hostname ?? DashedAddress.Format(Address);
}
