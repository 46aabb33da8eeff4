namespace Wharf.Network.Overlay;

/// <summary>What each node publishes on its own Node so the others can reach its pods (flannel's annotation set).</summary>
public static class OverlayAnnotations
{
    public const string BackendType = "wharf.io/backend-type";

    /// <summary>JSON; for vxlan <c>{"VNI":1,"VtepMAC":"aa:bb:…"}</c>, for host-gw <c>null</c>.</summary>
    public const string BackendData = "wharf.io/backend-data";

    public const string PublicIp = "wharf.io/public-ip";
}
