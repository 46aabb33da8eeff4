using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Host ports in use on a node, keyed by IP; 0.0.0.0 conflicts with every IP, as upstream.</summary>
public sealed class HostPortInfo
{
    private const string AnyIp = "0.0.0.0";
    private readonly Dictionary<string, HashSet<(string Protocol, int Port)>> _byIp = new(StringComparer.Ordinal);

    public int Count => _byIp.Sum(kv => kv.Value.Count);

    public static IEnumerable<(string Ip, string Protocol, int Port)> Of(V1Pod pod)
    {
        foreach (var c in pod.Spec?.Containers ?? [])
            foreach (var p in c.Ports ?? [])
                if (p.HostPort is > 0) yield return (Normalize(p.HostIP), p.Protocol is { Length: > 0 } proto ? proto : "TCP", p.HostPort.Value);
    }

    public void Add(string ip, string protocol, int port)
    {
        if (!_byIp.TryGetValue(ip, out var set)) _byIp[ip] = set = [];
        set.Add((protocol, port));
    }

    public void Remove(string ip, string protocol, int port)
    {
        if (_byIp.TryGetValue(ip, out var set) && set.Remove((protocol, port)) && set.Count == 0) _byIp.Remove(ip);
    }

    public bool Conflicts(string ip, string protocol, int port)
    {
        if (port <= 0) return false;
        ip = Normalize(ip);
        if (ip == AnyIp)
        {
            foreach (var set in _byIp.Values)
                if (set.Contains((protocol, port))) return true;
            return false;
        }
        return Has(ip, protocol, port) || Has(AnyIp, protocol, port);
    }

    public HostPortInfo Clone()
    {
        var c = new HostPortInfo();
        foreach (var (ip, set) in _byIp) c._byIp[ip] = [.. set];
        return c;
    }

    private bool Has(string ip, string protocol, int port) => _byIp.TryGetValue(ip, out var set) && set.Contains((protocol, port));

    private static string Normalize(string? ip) => string.IsNullOrEmpty(ip) ? AnyIp : ip;
}
