using System.Buffers.Binary;

namespace Wharf.Network.Dns;

/// <summary>
/// Reads just enough of a raw query to decide how the UDP path handles it: the header, the question and an optional
/// OPT record. A cacheable query is one whose answer is a function of its bytes after the message ID (the question
/// with the client's letter case, the header flags, the EDNS payload size and DO bit), so those bytes are the cache key.
/// </summary>
internal readonly record struct QueryShape(QueryKind Kind, ushort Type)
{
    private const int HeaderLength = 12;
    private const ushort OptType = 41;
    private const ushort IxfrType = 251;
    private const ushort AxfrType = 252;

    public static QueryShape Read(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderLength || (packet[2] & 0x80) != 0) return new(QueryKind.Ignore, 0);
        var opcode = (packet[2] >> 3) & 0x0f;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var authority = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var additional = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        if (opcode != 0 || questions != 1 || answers != 0 || authority != 0 || additional > 1) return new(QueryKind.Unusual, 0);

        var position = HeaderLength;
        var name = ReadName(packet, ref position);
        if (name == NameResult.Invalid || position + 4 > packet.Length) return new(QueryKind.Malformed, 0);
        var type = BinaryPrimitives.ReadUInt16BigEndian(packet[position..]);
        position += 4;
        // Names with compression pointers are legal but never sent by stub resolvers; zone transfers are not ours.
        if (name == NameResult.Compressed || type is AxfrType or IxfrType) return new(QueryKind.Unusual, type);
        if (additional == 1 && !IsBareOpt(packet, ref position)) return new(QueryKind.Unusual, type);
        return new(position == packet.Length ? QueryKind.Cacheable : QueryKind.Unusual, type);
    }

    /// <summary>Root name, type OPT, version 0 and no options: what resolvers send to announce a payload size.</summary>
    private static bool IsBareOpt(ReadOnlySpan<byte> packet, ref int position)
    {
        if (position + 11 > packet.Length || packet[position] != 0) return false;
        var type = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 1)..]);
        var version = packet[position + 6];
        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 9)..]);
        position += 11;
        return type == OptType && version == 0 && length == 0;
    }

    private static NameResult ReadName(ReadOnlySpan<byte> packet, ref int position)
    {
        var total = 0;
        while (position < packet.Length)
        {
            var length = packet[position];
            if (length == 0)
            {
                position++;
                return total + 1 <= 255 ? NameResult.Plain : NameResult.Invalid;
            }
            if ((length & 0xc0) == 0xc0)
            {
                position += 2;
                return position <= packet.Length ? NameResult.Compressed : NameResult.Invalid;
            }
            if ((length & 0xc0) != 0) return NameResult.Invalid;
            total += length + 1;
            position += length + 1;
        }
        return NameResult.Invalid;
    }

    private enum NameResult
    {
        Invalid,
        Plain,
        Compressed,
    }
}
