using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Network.Overlay;

/// <summary>
/// Reads the entries we own from the kernel (routes by their protocol number, permanent neighbours and FDB entries
/// on the VXLAN device), plans the difference to the desired state and runs it. A failing command does not stop the
/// others: everything that can be fixed is, then the failures are reported together for a retry.
/// </summary>
internal sealed class DatapathExecutor(OverlayTools tools)
{
    public async Task<int> ApplyAsync(DesiredState desired, bool vxlanDevice, CancellationToken ct)
    {
        var current = await ReadAsync(vxlanDevice, ct);
        var plan = DatapathPlan.Compute(current, desired, tools.Options.RouteProtocol);
        var failures = new List<string>();
        foreach (var command in plan)
        {
            var result = command.Tool == OverlayTool.Ip
                ? await tools.IpAsync(command.Arguments, ct)
                : await tools.BridgeAsync(command.Arguments, ct);
            if (!result.Succeeded)
                failures.Add($"{command}: {result.StandardError.Trim()}");
        }
        if (failures.Count > 0)
            throw new OverlayCommandException(string.Join("; ", failures));
        return plan.Count;
    }

    /// <summary>Removes every route we own (on the VXLAN device or any other); used when the overlay is torn down.</summary>
    public Task<int> RemoveRoutesAsync(CancellationToken ct) => ApplyAsync(DesiredState.Empty, vxlanDevice: false, ct);

    internal async Task<DesiredState> ReadAsync(bool vxlanDevice, CancellationToken ct)
    {
        var device = tools.Options.VxlanDevice;
        var routes = ParseRoutes(await tools.IpJsonAsync(["-4", "route", "show", "proto", tools.Options.RouteProtocol.ToString()], ct));
        if (!vxlanDevice)
            return new DesiredState(routes, [], []);
        var neighbours = ParseNeighbours(await tools.IpJsonAsync(["-4", "neigh", "show", "dev", device, "nud", "permanent"], ct), device);
        var fdb = ParseFdb(await tools.BridgeJsonAsync(["fdb", "show", "dev", device], ct), device);
        return new DesiredState(routes, neighbours, fdb);
    }

    internal static List<OverlayRoute> ParseRoutes(JsonArray routes) =>
        routes.OfType<JsonObject>()
            .Select(r => (Dst: OverlayTools.Str(r["dst"]), Gateway: OverlayTools.Str(r["gateway"]), Dev: OverlayTools.Str(r["dev"]), Flags: r["flags"] as JsonArray))
            .Where(r => r.Dst is not null && r.Gateway is not null && r.Dev is not null)
            .Select(r => new OverlayRoute(
                OverlayNode.NormalizeCidr(r.Dst!.Contains('/') ? r.Dst : r.Dst + "/32") ?? r.Dst!,
                r.Gateway!,
                r.Dev!,
                r.Flags?.Any(f => OverlayTools.Str(f) == "onlink") == true))
            .ToList();

    internal static List<NeighbourEntry> ParseNeighbours(JsonArray neighbours, string device) =>
        neighbours.OfType<JsonObject>()
            .Select(n => (Dst: OverlayTools.Str(n["dst"]), Mac: OverlayNode.NormalizeMac(OverlayTools.Str(n["lladdr"]))))
            .Where(n => n.Dst is not null && IPAddress.TryParse(n.Dst, out _) && n.Mac is not null)
            .Select(n => new NeighbourEntry(n.Dst!, n.Mac!, device))
            .ToList();

    /// <summary>Only permanent unicast entries with a remote: what we program, never the kernel's own.</summary>
    internal static List<FdbEntry> ParseFdb(JsonArray entries, string device) =>
        entries.OfType<JsonObject>()
            .Select(f => (Mac: OverlayNode.NormalizeMac(OverlayTools.Str(f["mac"])), Dst: OverlayTools.Str(f["dst"]), State: OverlayTools.Str(f["state"])))
            .Where(f => f.Mac is not null && f.Mac != "00:00:00:00:00:00" && f.Dst is not null && f.State == "permanent")
            .Select(f => new FdbEntry(f.Mac!, f.Dst!, device))
            .ToList();
}
