using System.Net;
using System.Text.Json.Nodes;
using Wharf.Network.Proxy.Model;
using Wharf.Network.Proxy.Rules;

namespace Wharf.Network.Tests.Proxy;

public sealed class RulesetBuilderTests
{
    private const string Node = "node-a";
    private static readonly RulesetBuilder Builder = new(Node, IPNetwork.Parse("10.42.0.0/16"));

    [Fact]
    public void ClusterIpSpreadsRandomlyOverReadyEndpoints()
    {
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80, "http"),
            SliceBuilder.For("web").Port(8080, "http").Endpoint("10.42.0.2").Endpoint("10.42.0.3").Endpoint("10.42.0.4", ready: false));

        Assert.Contains(new NftElement("service-ips", "10.43.0.5 . tcp . 80", "goto svc-default/web/tcp/80"), rules.Elements);
        var spread = Chain(rules, "svc-default/web/tcp/80");
        Assert.Equal(["numgen random mod 2 == 0 goto ep-default/web/tcp/80__10.42.0.2/8080", "goto ep-default/web/tcp/80__10.42.0.3/8080"], spread.Rules.TakeLast(2));
        Assert.Contains("ip daddr 10.43.0.5 meta l4proto tcp th dport 80 ip saddr != 10.42.0.0/16 jump mark-for-masquerade", spread.Rules);
        Assert.Equal(
            ["ip saddr 10.42.0.2 jump mark-for-masquerade", "meta l4proto tcp dnat to 10.42.0.2:8080"],
            Chain(rules, "ep-default/web/tcp/80__10.42.0.2/8080").Rules);
        Assert.DoesNotContain(rules.Chains, c => c.Name.Contains("10.42.0.4"));
    }

    [Theory]
    [InlineData("three endpoints: one rule each", 3, "numgen random mod 3 == 0 goto ep-default/web/tcp/80__10.42.0.1/8080")]
    [InlineData("many endpoints: a verdict map", RulesetBuilder.MaxRuleSpread + 1, "numgen random mod 9 vmap { 0 : goto ep-default/web/tcp/80__10.42.0.1/8080, ")]
    public void SpreadIsUniformWithRulesOrAMap(string _, int endpoints, string first)
    {
        var slice = SliceBuilder.For("web").Port(8080);
        for (var i = 1; i <= endpoints; i++) slice.Endpoint($"10.42.0.{i}");

        var spread = Chain(Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80), slice), "svc-default/web/tcp/80").Rules;

        Assert.StartsWith(first, spread[1]);
        if (endpoints <= RulesetBuilder.MaxRuleSpread)
        {
            // 1 in 3, then 1 in 2 of the rest, then the last: 1/3 each.
            Assert.Equal(["numgen random mod 2 == 0 goto ep-default/web/tcp/80__10.42.0.2/8080", "goto ep-default/web/tcp/80__10.42.0.3/8080"], spread.Skip(2));
        }
    }

    [Theory]
    [InlineData("one ready among terminating", true, "10.42.0.2")]
    [InlineData("none ready: serving terminating ones", false, "10.42.0.3")]
    public void TerminatingEndpointsServeOnlyWhenNoneIsReady(string _, bool firstReady, string expected)
    {
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80),
            SliceBuilder.For("web").Port(8080)
                .Endpoint("10.42.0.2", ready: firstReady, serving: firstReady, terminating: false)
                .Endpoint("10.42.0.3", ready: false, serving: true, terminating: true)
                .Endpoint("10.42.0.4", ready: false, serving: false, terminating: true));

        var endpoint = Assert.Single(rules.Chains, c => c.Name.StartsWith("ep-"));
        Assert.EndsWith($"{expected}/8080", endpoint.Name);
        Assert.Equal($"goto {endpoint.Name}", Chain(rules, "svc-default/web/tcp/80").Rules[^1]);
    }

    [Fact]
    public void NamedTargetPortsComeFromTheSliceOfEachPod()
    {
        // Two slices: pods of two versions that name "http" on different container ports.
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80, "http").Port(9090, "metrics"),
            SliceBuilder.For("web", "v1").Port(8080, "http").Port(9100, "metrics").Endpoint("10.42.0.2"),
            SliceBuilder.For("web", "v2").Port(8081, "http").Endpoint("10.42.0.3"));

        var names = rules.Chains.Select(c => c.Name).Where(n => n.StartsWith("ep-")).Order().ToArray();
        Assert.Equal(["ep-default/web/tcp/80__10.42.0.2/8080", "ep-default/web/tcp/80__10.42.0.3/8081", "ep-default/web/tcp/9090__10.42.0.2/9100"], names);
    }

    [Theory]
    [InlineData("no endpoints at all", false)]
    [InlineData("only unready endpoints", true)]
    public void ServiceWithoutUsableEndpointsIsRejected(string _, bool unready)
    {
        var slice = SliceBuilder.For("web").Port(8080);
        if (unready) slice.Endpoint("10.42.0.2", ready: false);
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80, nodePort: 30080).Type("NodePort").ExternalIps("192.0.2.10"), slice);

        Assert.Empty(rules.Chains);
        Assert.Equal(
            [
                new NftElement("no-endpoint-services", "10.43.0.5 . tcp . 80", "goto reject-chain"),
                new NftElement("no-endpoint-services", "192.0.2.10 . tcp . 80", "goto reject-chain"),
                new NftElement("no-endpoint-nodeports", "tcp . 30080", "goto reject-chain"),
            ],
            rules.Elements);
    }

    [Fact]
    public void SessionAffinityKeepsClientsOnTheirEndpointWithTimedSets()
    {
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80).Affinity(600),
            SliceBuilder.For("web").Port(8080).Endpoint("10.42.0.2").Endpoint("10.42.0.3"));

        Assert.Equal(2, rules.Sets.Count);
        Assert.All(rules.Sets, s => Assert.Equal("type ipv4_addr; flags dynamic,timeout; timeout 600s;", s.Definition));
        var spread = Chain(rules, "svc-default/web/tcp/80").Rules;
        Assert.Contains("ip saddr @aff-default/web/tcp/80__10.42.0.2/8080 goto ep-default/web/tcp/80__10.42.0.2/8080", spread);
        Assert.StartsWith("numgen random mod 2 == 0", spread[^2]);
        Assert.Contains("update @aff-default/web/tcp/80__10.42.0.3/8080 { ip saddr }", Chain(rules, "ep-default/web/tcp/80__10.42.0.3/8080").Rules);
    }

    [Fact]
    public void NodePortAndLoadBalancerWithClusterPolicyMasqueradeEverything()
    {
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80, nodePort: 30080).LoadBalancer(["192.0.2.1"]),
            SliceBuilder.For("web").Port(8080).Endpoint("10.42.0.2"));

        Assert.Contains(new NftElement("service-nodeports", "tcp . 30080", "goto ext-default/web/tcp/80"), rules.Elements);
        Assert.Contains(new NftElement("service-ips", "192.0.2.1 . tcp . 80", "goto ext-default/web/tcp/80"), rules.Elements);
        Assert.Equal(["jump mark-for-masquerade", "goto svc-default/web/tcp/80"], Chain(rules, "ext-default/web/tcp/80").Rules);
    }

    [Theory]
    [InlineData("local endpoint", "node-a", "goto loc-default/web/tcp/80")]
    [InlineData("only remote endpoints", "node-b", "drop")]
    public void ExternalPolicyLocalKeepsExternalTrafficOnThisNode(string _, string endpointNode, string last)
    {
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80, nodePort: 30080).Type("NodePort").ExternalLocal(),
            SliceBuilder.For("web").Port(8080).Endpoint("10.42.0.2", node: endpointNode).Endpoint("10.42.1.2", node: "node-b"));

        var external = Chain(rules, "ext-default/web/tcp/80").Rules;
        Assert.Equal("ip saddr 10.42.0.0/16 goto svc-default/web/tcp/80", external[0]);
        Assert.DoesNotContain("jump mark-for-masquerade", external);
        Assert.Equal(last, external[^1]);
        // Cluster traffic still spreads over every endpoint.
        Assert.StartsWith("numgen random mod 2 == 0", Chain(rules, "svc-default/web/tcp/80").Rules[^2]);
        if (endpointNode == Node)
            Assert.Equal("goto ep-default/web/tcp/80__10.42.0.2/8080", Chain(rules, "loc-default/web/tcp/80").Rules[^1]);
    }

    [Theory]
    [InlineData("local endpoint", "node-a", "service-ips")]
    [InlineData("no local endpoint", "node-b", "no-endpoint-services")]
    public void InternalPolicyLocalUsesOnlyThisNodesEndpoints(string _, string endpointNode, string map)
    {
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80).InternalLocal(),
            SliceBuilder.For("web").Port(8080).Endpoint("10.42.0.2", node: endpointNode).Endpoint("10.42.1.2", node: "node-b"));

        var element = Assert.Single(rules.Elements);
        Assert.Equal(map, element.Set);
        Assert.DoesNotContain(rules.Chains, c => c.Name.StartsWith("svc-"));
        if (map == "service-ips")
        {
            Assert.Equal("goto loc-default/web/tcp/80", element.Value);
            Assert.DoesNotContain(rules.Chains, c => c.Name.Contains("10.42.1.2"));
        }
    }

    [Fact]
    public void LoadBalancerSourceRangesFilterTheLoadBalancerAddress()
    {
        var rules = Build(ServiceBuilder.Make("web", "10.43.0.5").Port(80, nodePort: 30080).LoadBalancer(["192.0.2.1"], "203.0.113.9/24", "198.51.100.7", "bogus"),
            SliceBuilder.For("web").Port(8080).Endpoint("10.42.0.2"));

        Assert.Contains(new NftElement("firewall-ips", "192.0.2.1 . tcp . 80", "goto fw-default/web/tcp/80"), rules.Elements);
        // Host bits cleared and single addresses as /32, which nft accepts; what is not IPv4 is left out.
        Assert.Equal(["ip saddr != { 203.0.113.0/24, 198.51.100.7/32 } drop"], Chain(rules, "fw-default/web/tcp/80").Rules);
    }

    [Fact]
    public void NodeLocalServiceIsOnlyExempted()
    {
        var rules = Build(ServiceBuilder.Make("kube-dns", "10.43.0.10", "kube-system").Port(53, "dns", "UDP").Label("wharf.io/node-local", "true"),
            SliceBuilder.For("kube-dns", ns: "kube-system").Port(53, "dns", "UDP").Endpoint("10.42.0.9"));

        Assert.Empty(rules.Chains);
        Assert.Equal([new NftElement("node-local-ips", "10.43.0.10", null)], rules.Elements);
    }

    [Theory]
    [InlineData("headless", "None", "ClusterIP")]
    [InlineData("external name", "", "ExternalName")]
    public void ServicesWithoutClusterIpAreIgnored(string _, string clusterIp, string type)
    {
        var service = ServiceBuilder.Make("x", clusterIp).Port(80).Type(type).Obj();

        Assert.Null(ServiceReader.Read(service, []));
    }

    [Fact]
    public void UdpPortsUseTheirProtocolInKeysAndDnat()
    {
        var rules = Build(ServiceBuilder.Make("dns", "10.43.0.53").Port(53, "dns", "UDP"),
            SliceBuilder.For("dns").Port(5353, "dns", "UDP").Endpoint("10.42.0.2"));

        Assert.Contains(new NftElement("service-ips", "10.43.0.53 . udp . 53", "goto svc-default/dns/udp/53"), rules.Elements);
        Assert.Equal("meta l4proto udp dnat to 10.42.0.2:5353", Chain(rules, "ep-default/dns/udp/53__10.42.0.2/5353").Rules[^1]);
    }

    internal static ServiceRules Build(ServiceBuilder service, params SliceBuilder[] slices) =>
        Builder.Build(ServiceReader.Read(service.Obj(), slices.Select(s => s.Obj()))!);

    private static NftChain Chain(ServiceRules rules, string name) => Assert.Single(rules.Chains, c => c.Name == name);
}
