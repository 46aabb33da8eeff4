using System.Net;

namespace Wharf.Network.Dns;

/// <summary>Reads the nameserver addresses of a resolv.conf file.</summary>
internal static class ResolvConf
{
    public static IReadOnlyList<IPAddress> ReadNameservers(string path) =>
        File.Exists(path) ? ParseNameservers(File.ReadAllText(path)) : [];

    public static IReadOnlyList<IPAddress> ParseNameservers(string text)
    {
        var servers = new List<IPAddress>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            // A zone suffix (fe80::1%eth0) is valid in resolv.conf; IPAddress.TryParse understands it.
            if (fields.Length >= 2 && fields[0] == "nameserver" && IPAddress.TryParse(fields[1], out var address))
                servers.Add(address);
        }
        return servers;
    }
}
