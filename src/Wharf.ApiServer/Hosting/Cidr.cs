using System.Net;
using System.Numerics;

namespace Wharf.ApiServer.Hosting;

/// <summary>An IPv4 CIDR with address arithmetic (the n-th address of the range).</summary>
public sealed record Cidr(IPAddress Network, int PrefixLength)
{
    public static Cidr Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || !int.TryParse(parts[1], out var prefix) || prefix is < 0 or > 32
            || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            throw new FormatException($"invalid IPv4 CIDR: {text}");
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return new Cidr(FromUInt(ToUInt(ip) & mask), prefix);
    }

    public long Size => 1L << (32 - PrefixLength);

    public IPAddress At(long offset) => FromUInt((uint)(ToUInt(Network) + offset));

    public bool Contains(IPAddress ip) => ip.AddressFamily == Network.AddressFamily && OffsetOf(ip) is >= 0 && OffsetOf(ip) < Size;

    public long OffsetOf(IPAddress ip) => (long)ToUInt(ip) - ToUInt(Network);

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static uint ToUInt(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static IPAddress FromUInt(uint value) => new(BitConverter.IsLittleEndian ? BinaryPrimitivesReverse(value) : value);

    private static uint BinaryPrimitivesReverse(uint value) => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value);
}
