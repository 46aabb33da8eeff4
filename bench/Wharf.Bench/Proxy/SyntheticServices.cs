using System.Net;
using Wharf.Network.Proxy.Model;

namespace Wharf.Bench.Proxy;

/// <summary>
/// N ClusterIP services with two endpoints each (every tenth also a NodePort), held in memory so the benchmark times
/// the proxy's build and nft apply, not an API server. <see cref="Touch"/> moves one endpoint of one service.
/// </summary>
internal sealed class SyntheticServices : IProxyServiceSource
{
    private readonly ProxyService?[] _services;
    private readonly int[] _generation;

    public SyntheticServices(int count)
    {
        _services = new ProxyService?[count];
        _generation = new int[count];
        for (var i = 0; i < count; i++) _services[i] = Make(i, 0);
    }

    public IReadOnlyList<string> ServiceKeys() => Enumerable.Range(0, _services.Length).Select(Key).ToList();

    public ProxyService? Read(string key) => _services[int.Parse(key.AsSpan(key.LastIndexOf('-') + 1))];

    public IReadOnlyList<IPAddress> NodeAddresses() => [IPAddress.Parse("192.0.2.100")];

    /// <summary>Replaces the second endpoint of service <paramref name="index"/> (a pod rescheduled); returns its key.</summary>
    public string Touch(int index)
    {
        _services[index] = Make(index, ++_generation[index]);
        return Key(index);
    }

    private static string Key(int index) => $"bench/svc-{index}";

    private static ProxyService Make(int index, int generation)
    {
        var clusterIp = Address(43, index + 100);
        var endpoints = new[]
        {
            new ProxyEndpoint(Address(42, 2 * index), 8080, "node-a", true, true, false),
            new ProxyEndpoint(Address(44, (index + generation * 7919) % 60000), 8080, "node-b", true, true, false),
        };
        var ports = new List<ProxyServicePort>
        {
            new()
            {
                Namespace = "bench", Name = $"svc-{index}", Protocol = "tcp", Port = 80, ClusterIp = clusterIp,
                NodePort = index % 10 == 0 ? 30000 + index / 10 % 2700 : 0, Endpoints = endpoints,
            },
        };
        return new ProxyService("bench", $"svc-{index}", clusterIp, false, ports, 0);
    }

    private static IPAddress Address(int second, int index) => new([10, (byte)second, (byte)(index / 256 % 256), (byte)(index % 256)]);
}
