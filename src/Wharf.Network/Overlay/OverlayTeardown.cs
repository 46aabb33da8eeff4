namespace Wharf.Network.Overlay;

/// <summary>Takes the overlay down: routes we own, the VXLAN device (with its neighbours and FDB), our table, our FORWARD rules.</summary>
internal static class OverlayTeardown
{
    public static async Task RemoveAsync(OverlayTools tools, CancellationToken ct)
    {
        await new DatapathExecutor(tools).RemoveRoutesAsync(ct);
        await new VxlanDevice(tools).DeleteAsync(ct);
        await MasqueradeRules.RemoveAsync(tools, ct);
        await new ForwardPolicy(tools).RemoveAsync(ct);
    }
}
