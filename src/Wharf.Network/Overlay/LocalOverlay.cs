namespace Wharf.Network.Overlay;

/// <summary>This node's side of the overlay: the facts the desired state is computed against.</summary>
internal sealed record LocalOverlay(
    string NodeName,
    OverlayBackend Backend,
    string ClusterCidr,
    string PodCidr,
    string Interface,
    int Vni,
    string VxlanDevice);
