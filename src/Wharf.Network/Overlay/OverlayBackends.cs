namespace Wharf.Network.Overlay;

/// <summary>The backend names as flannel spells them, on the command line and in the backend-type annotation.</summary>
public static class OverlayBackends
{
    public const string VxlanName = "vxlan";
    public const string HostGwName = "host-gw";

    public static string Name(OverlayBackend backend) => backend switch
    {
        OverlayBackend.Vxlan => VxlanName,
        OverlayBackend.HostGw => HostGwName,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, null),
    };

    public static OverlayBackend Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        VxlanName => OverlayBackend.Vxlan,
        HostGwName or "hostgw" => OverlayBackend.HostGw,
        _ => throw new ArgumentException($"unknown pod network backend '{name}' (expected {VxlanName} or {HostGwName})", nameof(name)),
    };
}
