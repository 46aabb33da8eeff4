namespace Wharf.Network.Overlay;

/// <summary>A VXLAN forwarding entry: frames for this MAC go in UDP to the remote node's public address.</summary>
internal sealed record FdbEntry(string Mac, string Destination, string Device);
