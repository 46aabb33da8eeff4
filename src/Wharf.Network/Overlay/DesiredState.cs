namespace Wharf.Network.Overlay;

/// <summary>What the kernel should hold for the other nodes, computed from the Node list alone.</summary>
internal sealed record DesiredState(IReadOnlyList<OverlayRoute> Routes, IReadOnlyList<NeighbourEntry> Neighbours, IReadOnlyList<FdbEntry> Fdb)
{
    public static DesiredState Empty { get; } = new([], [], []);
}
