using System.Net;
using System.Net.Sockets;

namespace Wharf.Network.Dns;

/// <summary>Turns in-addr.arpa / ip6.arpa names back into addresses for PTR lookups.</summary>
internal static class ReverseName
{
    public static bool TryParse(IReadOnlyList<string> labels, out IPAddress address)
    {
        address = IPAddress.None;
        var n = labels.Count;
        if (n == 6 && labels[4] == "in-addr" && labels[5] == "arpa")
        {
            var text = $"{labels[3]}.{labels[2]}.{labels[1]}.{labels[0]}";
            return IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetwork;
        }
        if (n == 34 && labels[32] == "ip6" && labels[33] == "arpa")
        {
            var bytes = new byte[16];
            for (var i = 0; i < 32; i++)
            {
                if (labels[i].Length != 1 || !Uri.IsHexDigit(labels[i][0])) return false;
                var nibble = Convert.ToByte(labels[i], 16);
                var index = 31 - i;
                bytes[index / 2] |= (byte)(index % 2 == 0 ? nibble << 4 : nibble);
            }
            address = new IPAddress(bytes);
            return true;
        }
        return false;
    }

    public static bool IsReverseZone(IReadOnlyList<string> labels) =>
        labels.Count >= 2 && labels[^1] == "arpa" && labels[^2] is "in-addr" or "ip6";
}
