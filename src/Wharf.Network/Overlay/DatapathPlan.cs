namespace Wharf.Network.Overlay;

/// <summary>
/// The commands that turn the kernel's current entries into the desired ones: exact deletes of stale entries first
/// (routes before the neighbours and FDB entries they rely on), then replaces of missing ones (FDB and neighbours
/// before the routes that use them). Entries already right produce no command, so a steady state costs nothing.
/// </summary>
internal static class DatapathPlan
{
    public static IReadOnlyList<ToolCommand> Compute(DesiredState current, DesiredState desired, int routeProtocol)
    {
        var proto = routeProtocol.ToString();
        var commands = new List<ToolCommand>();
        commands.AddRange(current.Routes.Except(desired.Routes).Select(r => Ip(["route", "del", r.Destination, "via", r.Gateway, "dev", r.Device, "proto", proto])));
        commands.AddRange(current.Neighbours.Except(desired.Neighbours).Select(n => Ip(["neigh", "del", n.Address, "dev", n.Device])));
        commands.AddRange(current.Fdb.Except(desired.Fdb).Select(f => Bridge(["fdb", "del", f.Mac, "dev", f.Device, "dst", f.Destination, "self"])));
        commands.AddRange(desired.Fdb.Except(current.Fdb).Select(f => Bridge(["fdb", "replace", f.Mac, "dev", f.Device, "dst", f.Destination, "self", "permanent"])));
        commands.AddRange(desired.Neighbours.Except(current.Neighbours).Select(n => Ip(["neigh", "replace", n.Address, "lladdr", n.Mac, "dev", n.Device, "nud", "permanent"])));
        commands.AddRange(desired.Routes.Except(current.Routes).Select(r => Ip(
            ["route", "replace", r.Destination, "via", r.Gateway, "dev", r.Device, .. (r.OnLink ? new[] { "onlink" } : []), "proto", proto])));
        return commands;
    }

    private static ToolCommand Ip(string[] arguments) => new(OverlayTool.Ip, arguments);

    private static ToolCommand Bridge(string[] arguments) => new(OverlayTool.Bridge, arguments);
}
