using System.Net;
using System.Text;

namespace Wharf.Network.Proxy.Rules;

/// <summary>
/// The fixed part of the table: the shared maps and sets, the hook chains and the helpers they jump to. Only the
/// NodePort addresses vary (<see cref="NodePortIps"/>).
/// </summary>
internal sealed record BaseTable(IPNetwork ServiceCidr, IReadOnlyList<IPAddress> NodePortIps)
{
    private const string MasqueradeBit = "0x4000";
    private const string ServiceKeyType = "ipv4_addr . inet_proto . inet_service";
    private const string NodePortKeyType = "inet_proto . inet_service";

    public bool SameAddresses(BaseTable other) => ServiceCidr.Equals(other.ServiceCidr) && NodePortIps.SequenceEqual(other.NodePortIps);

    /// <summary>Writes the table block (after the caller has dropped any previous copy of the table); returns its rule count.</summary>
    public int Write(StringBuilder script, string table)
    {
        var rules = 0;
        script.Append("table ip ").Append(table).Append(" {\n");
        Set(script, TableNames.NodePortIps, "ipv4_addr", NodePortIps.Count > 0 ? string.Join(", ", NodePortIps) : null);
        Set(script, TableNames.NodeLocalIps, "ipv4_addr", null);
        Map(script, TableNames.ServiceIps, ServiceKeyType);
        Map(script, TableNames.ServiceNodePorts, NodePortKeyType);
        Map(script, TableNames.NoEndpointServices, ServiceKeyType);
        Map(script, TableNames.NoEndpointNodePorts, NodePortKeyType);
        Map(script, TableNames.FirewallIps, ServiceKeyType);

        rules += Chain(script, TableNames.MarkForMasquerade, null, $"meta mark set meta mark | {MasqueradeBit}");
        rules += Chain(script, TableNames.Masquerading, null,
            $"meta mark & {MasqueradeBit} == 0 return",
            $"meta mark set meta mark ^ {MasqueradeBit}",
            "masquerade fully-random");
        // TCP clients get a reset, the rest an ICMP port unreachable: both fail a connect at once.
        rules += Chain(script, TableNames.RejectChain, null, "meta l4proto tcp reject with tcp reset", "reject");
        rules += Chain(script, TableNames.Services, null,
            $"ip daddr . meta l4proto . th dport vmap @{TableNames.ServiceIps}",
            $"ip daddr @{TableNames.NodePortIps} meta l4proto . th dport vmap @{TableNames.ServiceNodePorts}");
        // Runs after DNAT: a new connection still addressed to the service CIDR found no service port with endpoints.
        rules += Chain(script, TableNames.ServiceCheck, null,
            $"ip daddr @{TableNames.NodeLocalIps} return",
            $"ip daddr . meta l4proto . th dport vmap @{TableNames.NoEndpointServices}",
            $"ip daddr @{TableNames.NodePortIps} meta l4proto . th dport vmap @{TableNames.NoEndpointNodePorts}",
            $"ip daddr {ServiceCidr} goto {TableNames.RejectChain}");
        rules += Chain(script, TableNames.FirewallCheck, null, $"ip daddr . meta l4proto . th dport vmap @{TableNames.FirewallIps}");

        rules += Chain(script, "nat-prerouting", "type nat hook prerouting priority dstnat; policy accept;", $"jump {TableNames.Services}");
        rules += Chain(script, "nat-output", "type nat hook output priority -100; policy accept;", $"jump {TableNames.Services}");
        rules += Chain(script, "nat-postrouting", "type nat hook postrouting priority srcnat; policy accept;", $"jump {TableNames.Masquerading}");
        // Before DNAT, so the firewall sees the load-balancer address the client used.
        rules += Chain(script, "filter-prerouting", "type filter hook prerouting priority -110; policy accept;", $"ct state new jump {TableNames.FirewallCheck}");
        rules += Chain(script, "filter-input", "type filter hook input priority -10; policy accept;",
            $"ct state new jump {TableNames.ServiceCheck}",
            // route_localnet lets 127.0.0.1 NodePorts work; without this, other hosts could reach loopback-bound daemons.
            "iifname != \"lo\" ip daddr 127.0.0.0/8 ct status & dnat == 0 drop");
        rules += Chain(script, "filter-forward", "type filter hook forward priority -10; policy accept;", $"ct state new jump {TableNames.ServiceCheck}");
        rules += Chain(script, "filter-output", "type filter hook output priority -90; policy accept;", $"ct state new jump {TableNames.ServiceCheck}");
        script.Append("}\n");
        return rules;
    }

    private static void Set(StringBuilder script, string name, string type, string? elements)
    {
        script.Append("\tset ").Append(name).Append(" {\n\t\ttype ").Append(type).Append('\n');
        if (elements is not null) script.Append("\t\telements = { ").Append(elements).Append(" }\n");
        script.Append("\t}\n");
    }

    private static void Map(StringBuilder script, string name, string keyType) =>
        script.Append("\tmap ").Append(name).Append(" {\n\t\ttype ").Append(keyType).Append(" : verdict\n\t}\n");

    private static int Chain(StringBuilder script, string name, string? hook, params string[] rules)
    {
        script.Append("\tchain ").Append(name).Append(" {\n");
        if (hook is not null) script.Append("\t\t").Append(hook).Append('\n');
        foreach (var rule in rules) script.Append("\t\t").Append(rule).Append('\n');
        script.Append("\t}\n");
        return rules.Length;
    }
}
