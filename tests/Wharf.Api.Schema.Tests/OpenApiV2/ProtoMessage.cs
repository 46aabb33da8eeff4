using System.Text;

namespace Wharf.Api.Schema.Tests.OpenApiV2;

/// <summary>
/// An independent, schema-less protobuf reader for the tests: a message is its fields by number, each a list of raw
/// values (varints as ulong, length-delimited as bytes, fixed64 as ulong bits). Written from the wire-format rules,
/// not from the encoder under test.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<int, List<object>> _fields = [];

    private ProtoMessage() { }

    public static ProtoMessage Parse(ReadOnlySpan<byte> data)
    {
        var message = new ProtoMessage();
        var position = 0;
        while (position < data.Length)
        {
            var key = ReadVarint(data, ref position);
            var field = (int)(key >> 3);
            object value = (key & 7) switch
            {
                0 => ReadVarint(data, ref position),
                1 => BitConverter.ToUInt64(data.Slice(Advance(ref position, 8), 8)),
                2 => ReadBytes(data, ref position),
                5 => (ulong)BitConverter.ToUInt32(data.Slice(Advance(ref position, 4), 4)),
                var wire => throw new FormatException($"wire type {wire} at {position}"),
            };
            if (!message._fields.TryGetValue(field, out var values)) message._fields[field] = values = [];
            values.Add(value);
        }
        return message;
    }

    public bool Has(int field) => _fields.ContainsKey(field);

    public IReadOnlyList<ProtoMessage> Messages(int field) =>
        _fields.TryGetValue(field, out var values) ? values.Select(v => Parse((byte[])v)).ToList() : [];

    public ProtoMessage Message(int field) => Messages(field).Single();

    public IReadOnlyList<string> Strings(int field) =>
        _fields.TryGetValue(field, out var values) ? values.Select(v => Encoding.UTF8.GetString((byte[])v)).ToList() : [];

    public string String(int field) => Strings(field).SingleOrDefault() ?? "";

    public bool Bool(int field) => _fields.TryGetValue(field, out var values) && (ulong)values.Single() != 0;

    /// <summary>Entries of a gnostic map (<c>Named…</c> messages: name 1, value 2) keyed by name.</summary>
    public Dictionary<string, ProtoMessage> Named(int field) =>
        Messages(field).ToDictionary(m => m.String(1), m => m.Message(2));

    private static int Advance(ref int position, int count)
    {
        var start = position;
        position += count;
        return start;
    }

    private static byte[] ReadBytes(ReadOnlySpan<byte> data, ref int position)
    {
        var length = (int)ReadVarint(data, ref position);
        return data.Slice(Advance(ref position, length), length).ToArray();
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
    }
}
