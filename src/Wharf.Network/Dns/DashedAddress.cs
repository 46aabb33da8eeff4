using System.Net;
using System.Net.Sockets;

namespace Wharf.Network.Dns;

/// <summary>The <c>a-b-c-d</c> label form of an address used by pod records and generated endpoint hostnames.</summary>
internal static class DashedAddress
{
    public static string Format(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? address.ToString().Replace(':', '-') : address.ToString().Replace('.', '-');

    public static bool TryParse(string label, out IPAddress address)
    {
        address = IPAddress.None;
        var v4 = label.Replace('-', '.');
        if (label.Count(c => c == '-') == 3 && IPAddress.TryParse(v4, out var a) && a.AddressFamily == AddressFamily.InterNetwork)
        {
            address = a;
            return true;
        }
        if (IPAddress.TryParse(label.Replace('-', ':'), out var b) && b.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = b;
            return true;
        }
        return false;
    }
}
