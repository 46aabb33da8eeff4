using System.Text;

namespace Wharf.Api.Protobuf.Tests;

/// <summary>Builds protobuf wire bytes by hand for edge cases no kubectl command produces.</summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> _bytes = [];

    public static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [.. "k8s\0"u8.ToArray(), .. new ProtoWriter()
            .Message(1, m => m.String(1, apiVersion).String(2, kind))
            .Bytes(2, raw)
            .String(3, string.Empty)
            .String(4, string.Empty)
            .ToArray()];

    public ProtoWriter Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    public ProtoWriter Varint(int field, long value) => Tag(field, 0).RawVarint(unchecked((ulong)value));

    public ProtoWriter Fixed64(int field, ulong value)
    {
        Tag(field, 1);
        _bytes.AddRange(BitConverter.GetBytes(value));
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2).RawVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, Action<ProtoWriter> build)
    {
        var inner = new ProtoWriter();
        build(inner);
        return Bytes(field, inner.ToArray());
    }

    public ProtoWriter MapEntry(int field, string key, Action<ProtoWriter> value) =>
        Message(field, e =>
        {
            e.String(1, key);
            value(e);
        });

    public ProtoWriter RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
