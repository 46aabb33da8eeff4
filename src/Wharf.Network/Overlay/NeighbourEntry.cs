namespace Wharf.Network.Overlay;

/// <summary>A permanent ARP entry: the remote vtep address answers at this MAC (no ARP over the overlay).</summary>
internal sealed record NeighbourEntry(string Address, string Mac, string Device);
