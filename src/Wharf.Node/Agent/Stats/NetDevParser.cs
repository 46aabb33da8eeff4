using System.Globalization;

namespace Wharf.Node.Agent.Stats;

/// <summary>Interfaces of a network namespace from /proc/PID/net/dev, loopback left out as upstream does.</summary>
internal static class NetDevParser
{
    public static IReadOnlyList<InterfaceStats> Parse(string netDev)
    {
        var interfaces = new List<InterfaceStats>();
        foreach (var line in netDev.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var name = line[..colon].Trim();
            if (name is "lo" or "") continue;
            var f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 16) continue;
            ulong N(int i) => ulong.Parse(f[i], CultureInfo.InvariantCulture);
            // Receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs …
            interfaces.Add(new InterfaceStats(name, N(0), N(2), N(8), N(10)));
        }
        return interfaces;
    }

    /// <summary>The pod's own interface (eth0) if present, else the first one.</summary>
    public static NetworkStats ToNetwork(IReadOnlyList<InterfaceStats> interfaces, DateTimeOffset time, string preferred = "eth0") =>
        new(time, interfaces.FirstOrDefault(i => i.Name == preferred) ?? interfaces.FirstOrDefault(), interfaces);
}
