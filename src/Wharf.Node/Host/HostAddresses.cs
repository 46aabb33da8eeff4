using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Wharf.Node.Host;

/// <summary>The machine's own addresses as the node and the server's built-in components report them.</summary>
public static class HostAddresses
{
    /// <summary>The IPv4 address of the interface that carries the default route, else loopback.</summary>
    public static string DefaultIPv4()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up))
        {
            var properties = nic.GetIPProperties();
            if (!properties.GatewayAddresses.Any(g => g.Address.AddressFamily == AddressFamily.InterNetwork))
                continue;
            var address = properties.UnicastAddresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork);
            if (address is not null)
                return address.Address.ToString();
        }
        return IPAddress.Loopback.ToString();
    }
}
