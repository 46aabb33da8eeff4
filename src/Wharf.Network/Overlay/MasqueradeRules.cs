using System.Text;

namespace Wharf.Network.Overlay;

/// <summary>
/// Our nftables table: pod traffic from this node's pod CIDR to anywhere outside the cluster CIDR (multicast aside)
/// leaves masqueraded as the node; pod-to-pod traffic keeps its source. The script replaces the table in one
/// transaction (add, delete, recreate), so applying it again is harmless and never leaves a gap.
/// </summary>
internal static class MasqueradeRules
{
    public static string Render(string table, string podCidr, string clusterCidr)
    {
        var script = new StringBuilder();
        script.Append("add table ip ").Append(table).Append('\n');
        script.Append("delete table ip ").Append(table).Append('\n');
        script.Append("table ip ").Append(table).Append(" {\n");
        script.Append("\tchain postrouting {\n");
        script.Append("\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
        script.Append("\t\tip saddr ").Append(podCidr).Append(" ip daddr ").Append(clusterCidr).Append(" return\n");
        script.Append("\t\tip saddr ").Append(podCidr).Append(" ip daddr 224.0.0.0/4 return\n");
        script.Append("\t\tip saddr ").Append(podCidr).Append(" masquerade fully-random\n");
        script.Append("\t}\n");
        script.Append("}\n");
        return script.ToString();
    }

    public static async Task ApplyAsync(OverlayTools tools, string podCidr, CancellationToken ct) =>
        (await tools.NftAsync(["-f", "-"], Render(tools.Options.NftTable, podCidr, tools.Options.ClusterCidr), ct))
            .EnsureSuccess($"nft replace table ip {tools.Options.NftTable}");

    public static async Task RemoveAsync(OverlayTools tools, CancellationToken ct)
    {
        if ((await tools.NftAsync(["list", "table", "ip", tools.Options.NftTable], null, ct)).Succeeded)
            (await tools.NftAsync(["delete", "table", "ip", tools.Options.NftTable], null, ct)).EnsureSuccess($"nft delete table ip {tools.Options.NftTable}");
    }
}
