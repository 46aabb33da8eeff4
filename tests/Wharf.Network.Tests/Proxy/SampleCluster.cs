namespace Wharf.Network.Tests.Proxy;

/// <summary>Services covering every feature the builder has, and big uniform clusters for scale checks.</summary>
internal static class SampleCluster
{
    public static void Mixed(FakeServiceSource source)
    {
        source.Set(ServiceBuilder.Make("web", "10.43.0.5").Port(80, "http").Port(443, "https").Obj(),
            SliceBuilder.For("web").Port(8080, "http").Port(8443, "https").Endpoint("10.42.0.2").Endpoint("10.42.0.3").Obj());
        source.Set(ServiceBuilder.Make("sticky", "10.43.0.6").Port(80).Affinity(30).Obj(),
            SliceBuilder.For("sticky").Port(8080).Endpoint("10.42.0.2").Endpoint("10.42.0.3").Obj());
        source.Set(ServiceBuilder.Make("np", "10.43.0.7").Port(80, nodePort: 30080).Type("NodePort").Obj(),
            SliceBuilder.For("np").Port(8080).Endpoint("10.42.0.2").Obj());
        source.Set(ServiceBuilder.Make("lb", "10.43.0.8").Port(80, nodePort: 30081).LoadBalancer(["192.0.2.1"], "203.0.113.0/24").ExternalLocal(32000).Obj(),
            SliceBuilder.For("lb").Port(8080).Endpoint("10.42.0.2").Endpoint("10.42.1.2", node: "node-b").Obj());
        source.Set(ServiceBuilder.Make("ext", "10.43.0.9").Port(53, "dns", "UDP").ExternalIps("192.0.2.2").InternalLocal().Obj(),
            SliceBuilder.For("ext").Port(5353, "dns", "UDP").Endpoint("10.42.0.4").Obj());
        source.Set(ServiceBuilder.Make("empty", "10.43.0.11").Port(80, nodePort: 30082).Type("NodePort").Obj());
        source.Set(ServiceBuilder.Make("kube-dns", "10.43.0.10", "kube-system").Port(53, "dns", "UDP").Port(53, "dns-tcp").Label("wharf.io/node-local", "true").Obj());
        var big = SliceBuilder.For("big").Port(8080);
        for (var i = 10; i < 20; i++) big.Endpoint($"10.42.0.{i}");
        source.Set(ServiceBuilder.Make("big", "10.43.0.13").Port(80).Obj(), big.Obj());
        source.Set(ServiceBuilder.Make("sctp", "10.43.0.12").Port(9000, "s", "SCTP").Obj(),
            SliceBuilder.For("sctp").Port(9000, "s", "SCTP").Endpoint("10.42.0.5").Obj());
    }

    /// <summary><paramref name="count"/> ClusterIP services with two endpoints each, every tenth one a NodePort.</summary>
    public static void Many(FakeServiceSource source, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var name = $"svc-{i}";
            var service = ServiceBuilder.Make(name, Address(10, 43, i + 100)).Port(80, "http");
            if (i % 10 == 0) service.Type("NodePort").Port(81, "alt", nodePort: 30000 + i / 10);
            source.Set(service.Obj(),
                SliceBuilder.For(name).Port(8080, "http").Port(8081, "alt").Endpoint(Address(10, 42, 2 * i + 2)).Endpoint(Address(10, 42, 2 * i + 3)).Obj());
        }
    }

    private static string Address(int a, int b, int index) => $"{a}.{b}.{index / 256 % 256}.{index % 256}";
}
