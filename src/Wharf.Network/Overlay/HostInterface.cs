namespace Wharf.Network.Overlay;

/// <summary>The interface pod traffic between nodes leaves by, and the address other nodes reach this one at.</summary>
internal sealed record HostInterface(string Name, string PublicIp, int Mtu);
