using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Wharf.ApiServer.Hosting;

/// <summary>The address the <c>kubernetes</c> Service's endpoints point at: the bind address, else the host's first IPv4.</summary>
public static class AdvertiseAddress
{
    public static IPAddress Choose(IPAddress bindAddress)
    {
        if (!bindAddress.Equals(IPAddress.Any) && !bindAddress.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(bindAddress))
            return bindAddress;
        var candidate = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return candidate ?? IPAddress.Loopback;
    }
}
