using ARSoft.Tools.Net.Dns;
using Wharf.Network.Dns;

namespace Wharf.Network.Tests.Dns;

public sealed class QueryShapeTests
{
    public static TheoryData<string, byte[], string> Packets => new()
    {
        { "plain question", DnsFixture.RawQuery("web.default.svc.cluster.local", RecordType.A), nameof(QueryKind.Cacheable) },
        { "bare OPT", DnsFixture.RawQuery("web.default.svc.cluster.local", RecordType.A, ednsPayload: 1232), nameof(QueryKind.Cacheable) },
        { "OPT with an option", [.. Header(1, 0, 1), 1, (byte)'a', 0, 0, 1, 0, 1, 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 4, 0, 10, 0, 0], nameof(QueryKind.Unusual) },
        { "two questions", [.. Header(2, 0, 0), 1, (byte)'a', 0, 0, 1, 0, 1, 1, (byte)'b', 0, 0, 1, 0, 1], nameof(QueryKind.Unusual) },
        { "notify opcode", [0, 1, 0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 6, 0, 1], nameof(QueryKind.Unusual) },
        { "compression pointer", [.. Header(1, 0, 0), 0xc0, 12, 0, 1, 0, 1], nameof(QueryKind.Unusual) },
        { "trailing bytes", [.. DnsFixture.RawQuery("a", RecordType.A), 0xff], nameof(QueryKind.Unusual) },
        { "zone transfer", DnsFixture.RawQuery("cluster.local", RecordType.Axfr), nameof(QueryKind.Unusual) },
        { "name runs past the end", [.. Header(1, 0, 0), 5, (byte)'a'], nameof(QueryKind.Malformed) },
        { "no type", [.. Header(1, 0, 0), 1, (byte)'a', 0, 0], nameof(QueryKind.Malformed) },
        { "name longer than 255", [.. Header(1, 0, 0), .. Enumerable.Repeat((byte[])[63, .. new byte[63]], 5).SelectMany(b => b), 0, 0, 1, 0, 1], nameof(QueryKind.Malformed) },
        { "response", [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 1, 0, 1], nameof(QueryKind.Ignore) },
        { "short", [0, 1, 0, 0, 0], nameof(QueryKind.Ignore) },
    };

    [Theory]
    [MemberData(nameof(Packets))]
    public void ClassifiesPackets(string scenario, byte[] packet, string expected)
    {
        Assert.True(expected == QueryShape.Read(packet).Kind.ToString(), scenario);
    }

    [Fact]
    public void ReadsTheQuestionType()
    {
        Assert.Equal((ushort)RecordType.Srv, QueryShape.Read(DnsFixture.RawQuery("_http._tcp.web.default.svc.cluster.local", RecordType.Srv)).Type);
    }

    [Fact]
    public void FormatErrorKeepsIdOpcodeAndRecursionDesired()
    {
        byte[] query = [0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 9];
        var reply = new byte[64];

        var length = Wharf.Network.Dns.DnsHeader.WriteFormatError(query, reply);

        var message = DnsMessage.Parse(reply[..length]);
        Assert.Equal(0xabcd, message.TransactionID);
        Assert.True(message.IsRecursionDesired);
        Assert.False(message.IsQuery);
        Assert.Equal(ReturnCode.FormatError, message.ReturnCode);
    }

    private static byte[] Header(int questions, int answers, int additional) =>
        [0x12, 0x34, 0x01, 0x00, 0, (byte)questions, 0, (byte)answers, 0, 0, 0, (byte)additional];
}
