namespace Wharf.Network.Overlay;

/// <summary>How pod subnets of other nodes are reached, as flannel's backends.</summary>
public enum OverlayBackend
{
    /// <summary>A Linux VXLAN device; works across routed networks (encapsulation costs 50 bytes of MTU).</summary>
    Vxlan,

    /// <summary>Plain routes via the other nodes' addresses; needs every node on the same L2 segment.</summary>
    HostGw,
}
