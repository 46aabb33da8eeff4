using System.Net;
using Wharf.Network.Proxy.Model;

namespace Wharf.Network.Proxy.Rules;

/// <summary>
/// Pure translation of one service into chains, sets and map elements, in the shape of upstream's nftables proxier:
/// the shared <c>service-ips</c>/<c>service-nodeports</c> verdict maps lead to a per-port chain that spreads new
/// connections with <c>numgen random</c> over per-endpoint chains doing the DNAT.
/// </summary>
internal sealed class RulesetBuilder(string nodeName, IPNetwork clusterCidr)
{
    private const string RejectVerdict = "goto " + TableNames.RejectChain;

    /// <summary>Up to this many endpoints a service spreads with one rule per endpoint, above with a verdict map.</summary>
    internal const int MaxRuleSpread = 8;

    public ServiceRules Build(ProxyService service)
    {
        if (service.NodeLocal)
        {
            // Answered by a process on every node bound to the ClusterIP: no DNAT, and exempt from the reject checks.
            return new ServiceRules(service.Key, [], [], [new NftElement(TableNames.NodeLocalIps, service.ClusterIp.ToString(), null)]);
        }
        var chains = new List<NftChain>();
        var sets = new List<NftSet>();
        var elements = new List<NftElement>();
        foreach (var port in service.Ports)
            AddPort(port, chains, sets, elements);
        return new ServiceRules(service.Key, chains, sets, elements);
    }

    private void AddPort(ProxyServicePort port, List<NftChain> chains, List<NftSet> sets, List<NftElement> elements)
    {
        var id = port.Id;
        var all = EndpointSelection.Usable(port.Endpoints);
        var local = EndpointSelection.Usable(port.Endpoints.Where(e => e.NodeName == nodeName));
        var internalEndpoints = port.InternalPolicyLocal ? local : all;
        var serviceChain = TableNames.ServiceChain(id);
        var localChain = TableNames.LocalChain(id);
        var internalChain = port.InternalPolicyLocal ? localChain : serviceChain;
        var clusterKey = Key(port.ClusterIp, port);

        // Host and off-cluster clients reaching the ClusterIP need their source rewritten so replies come back here.
        var clusterMasquerade = $"ip daddr {port.ClusterIp} meta l4proto {port.Protocol} th dport {port.Port} ip saddr != {clusterCidr} jump {TableNames.MarkForMasquerade}";
        var needServiceChain = all.Count > 0 && (!port.InternalPolicyLocal || port.HasExternal);
        var needLocalChain = local.Count > 0 && (port.InternalPolicyLocal || port.ExternalPolicyLocal);
        if (needServiceChain)
            chains.Add(SpreadChain(serviceChain, port, all, internalChain == serviceChain ? clusterMasquerade : null, sets));
        if (needLocalChain)
            chains.Add(SpreadChain(localChain, port, local, internalChain == localChain ? clusterMasquerade : null, sets));
        foreach (var endpoint in (needServiceChain ? all : []).Union(needLocalChain ? local : []))
            chains.Add(EndpointChain(port, endpoint));

        elements.Add(internalEndpoints.Count > 0
            ? new NftElement(TableNames.ServiceIps, clusterKey, $"goto {internalChain}")
            : new NftElement(TableNames.NoEndpointServices, clusterKey, RejectVerdict));

        if (port.HasExternal)
            AddExternal(port, all.Count > 0, local.Count > 0, chains, elements);
    }

    private void AddExternal(ProxyServicePort port, bool anyEndpoint, bool anyLocal, List<NftChain> chains, List<NftElement> elements)
    {
        var id = port.Id;
        var externalIps = port.ExternalIps.Concat(port.LoadBalancerIps).Distinct().ToList();
        if (port.SourceRanges.Count > 0 && port.LoadBalancerIps.Count > 0)
        {
            var firewall = TableNames.FirewallChain(id);
            chains.Add(new NftChain(firewall, [$"ip saddr != {{ {string.Join(", ", port.SourceRanges)} }} drop"]));
            foreach (var ip in port.LoadBalancerIps)
                elements.Add(new NftElement(TableNames.FirewallIps, Key(ip, port), $"goto {firewall}"));
        }
        if (!anyEndpoint)
        {
            foreach (var ip in externalIps)
                elements.Add(new NftElement(TableNames.NoEndpointServices, Key(ip, port), RejectVerdict));
            if (port.NodePort > 0)
                elements.Add(new NftElement(TableNames.NoEndpointNodePorts, $"{port.Protocol} . {port.NodePort}", RejectVerdict));
            return;
        }

        var external = TableNames.ExternalChain(id);
        var serviceChain = TableNames.ServiceChain(id);
        List<string> rules;
        if (!port.ExternalPolicyLocal)
        {
            rules = [$"jump {TableNames.MarkForMasquerade}", $"goto {serviceChain}"];
        }
        else
        {
            // Local keeps the client address, so only this node's endpoints may answer. Pods and the host itself use the
            // cluster-wide spread (masqueraded for the host) as upstream does; with no local endpoint the rest is dropped.
            rules =
            [
                $"ip saddr {clusterCidr} goto {serviceChain}",
                $"fib saddr type local jump {TableNames.MarkForMasquerade}",
                $"fib saddr type local goto {serviceChain}",
                anyLocal ? $"goto {TableNames.LocalChain(id)}" : "drop",
            ];
        }
        chains.Add(new NftChain(external, rules));
        foreach (var ip in externalIps)
            elements.Add(new NftElement(TableNames.ServiceIps, Key(ip, port), $"goto {external}"));
        if (port.NodePort > 0)
            elements.Add(new NftElement(TableNames.ServiceNodePorts, $"{port.Protocol} . {port.NodePort}", $"goto {external}"));
    }

    private static NftChain SpreadChain(string name, ProxyServicePort port, IReadOnlyList<ProxyEndpoint> endpoints, string? masquerade, List<NftSet> sets)
    {
        var rules = new List<string>();
        if (masquerade is not null) rules.Add(masquerade);
        var targets = endpoints.Select(e => TableNames.EndpointChain(port.Id, EndpointId(e))).ToList();
        if (port.AffinitySeconds > 0)
        {
            foreach (var endpoint in endpoints)
            {
                var set = TableNames.AffinitySet(port.Id, EndpointId(endpoint));
                if (!sets.Any(s => s.Name == set))
                    sets.Add(new NftSet(set, $"type ipv4_addr; flags dynamic,timeout; timeout {port.AffinitySeconds}s;"));
                rules.Add($"ip saddr @{set} goto {TableNames.EndpointChain(port.Id, EndpointId(endpoint))}");
            }
        }
        if (targets.Count > MaxRuleSpread)
        {
            rules.Add($"numgen random mod {targets.Count} vmap {{ {string.Join(", ", targets.Select((t, i) => $"{i} : goto {t}"))} }}");
        }
        else
        {
            // Each rule draws again and takes 1 in (endpoints left): every endpoint ends up with 1/N. No anonymous set,
            // which the kernel names by scanning all the table's sets, making a full load quadratic in services.
            for (var i = 0; i < targets.Count - 1; i++)
                rules.Add($"numgen random mod {targets.Count - i} == 0 goto {targets[i]}");
            rules.Add($"goto {targets[^1]}");
        }
        return new NftChain(name, rules);
    }

    private static NftChain EndpointChain(ProxyServicePort port, ProxyEndpoint endpoint)
    {
        var id = EndpointId(endpoint);
        var rules = new List<string>
        {
            // Hairpin: a pod reaching itself through its service must not see its own address as the source.
            $"ip saddr {endpoint.Address} jump {TableNames.MarkForMasquerade}",
        };
        if (port.AffinitySeconds > 0) rules.Add($"update @{TableNames.AffinitySet(port.Id, id)} {{ ip saddr }}");
        rules.Add($"meta l4proto {port.Protocol} dnat to {endpoint.Address}:{endpoint.Port}");
        return new NftChain(TableNames.EndpointChain(port.Id, id), rules);
    }

    private static string EndpointId(ProxyEndpoint endpoint) => $"{endpoint.Address}/{endpoint.Port}";

    private static string Key(IPAddress ip, ProxyServicePort port) => $"{ip} . {port.Protocol} . {port.Port}";
}
