using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using ARSoft.Tools.Net.Dns;
using Wharf.Client;

namespace Wharf.Network.Tests.Dns;

/// <summary>The UDP path's answer cache, end to end: replayed bytes, invalidation, truncation and bad packets.</summary>
public sealed class UdpFastPathTests(DnsFixture fixture) : IClassFixture<DnsFixture>
{
    private const string Zone = "default.svc.cluster.local";

    [Theory]
    [InlineData("service address", "web." + Zone, RecordType.A, null, false)]
    [InlineData("with EDNS", "web." + Zone, RecordType.A, (ushort)1232, false)]
    [InlineData("NXDOMAIN with SOA", "nope." + Zone, RecordType.A, null, false)]
    [InlineData("no data with SOA", "web." + Zone, RecordType.Aaaa, null, false)]
    [InlineData("SRV with additional", "_http._tcp.web." + Zone, RecordType.Srv, null, false)]
    [InlineData("pod record", "10-42-3-4.default.pod.cluster.local", RecordType.A, null, false)]
    [InlineData("truncated over UDP", "many." + Zone, RecordType.A, null, true)]
    [InlineData("truncated to the EDNS size", "many." + Zone, RecordType.A, (ushort)700, true)]
    public async Task CachedAnswerIsTheLibrarysAnswerWithTheQueryId(string _, string name, RecordType type, ushort? edns, bool truncated)
    {
        // Random letter case makes the question new to the cache, so the first answer is the library's own encoding.
        // A cluster event from an earlier test can still arrive between the two queries and rightly void the cached
        // answer; a few fresh pairs rule that out.
        string asked;
        byte[] first, second;
        double hitsBefore, hitsAfter;
        var attempts = 0;
        do
        {
            asked = RandomCase(name);
            hitsBefore = Metric(await fixture.ScrapeAsync(), "coredns_cache_hits_total");
            first = await Ask(DnsFixture.RawQuery(asked, type, 0x1111, edns));
            second = await Ask(DnsFixture.RawQuery(asked, type, 0x2222, edns));
            hitsAfter = Metric(await fixture.ScrapeAsync(), "coredns_cache_hits_total");
        }
        while (hitsAfter == hitsBefore && ++attempts < 3);

        Assert.Equal(0x1111, BinaryPrimitives.ReadUInt16BigEndian(first));
        Assert.Equal(0x2222, BinaryPrimitives.ReadUInt16BigEndian(second));
        Assert.Equal(first[2..], second[2..]);
        Assert.Equal(hitsBefore + 1, hitsAfter);
        var message = DnsMessage.Parse(second);
        Assert.Equal(truncated, message.IsTruncated);
        Assert.Equal(asked, message.Questions[0].Name.ToString().TrimEnd('.'));
        if (edns is { } size) Assert.True(second.Length <= size);
        else Assert.True(second.Length <= 512);
    }

    [Fact]
    public async Task ServiceCreatedAfterANegativeAnswerIsAnsweredBeforeThatAnswerExpires()
    {
        var name = $"late.{Zone}";
        Assert.Equal(ReturnCode.NxDomain, DnsMessage.Parse(await Ask(DnsFixture.RawQuery(name, RecordType.A, 1))).ReturnCode);
        Assert.Equal(ReturnCode.NxDomain, DnsMessage.Parse(await Ask(DnsFixture.RawQuery(name, RecordType.A, 2))).ReturnCode);

        var created = await fixture.Client.CreateAsync(Resource.Services, DnsFixture.Ns, DnsFixture.Service("late", null, """[{"name":"http","port":80}]"""), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        DnsMessage answer;
        do
        {
            await Task.Delay(50);
            answer = DnsMessage.Parse(await Ask(DnsFixture.RawQuery(name, RecordType.A, 3)));
        }
        while (answer.ReturnCode == ReturnCode.NxDomain && clock.Elapsed < TimeSpan.FromSeconds(10));

        // The cached NXDOMAIN lives 5 s (the SOA's TTL); a change must end it sooner than that.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"still NXDOMAIN after {clock.Elapsed}");
        var address = Assert.Single(answer.AnswerRecords.OfType<ARecord>()).Address;
        Assert.Equal(IPAddress.Parse(created["spec"]!["clusterIP"]!.GetValue<string>()), address);
    }

    [Theory]
    [InlineData("shorter than a header", new byte[] { 0x12, 0x34, 0x01 })]
    [InlineData("a response, not a query", new byte[] { 0x12, 0x34, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1 })]
    public async Task PacketsThatAreNoQueriesGetNoReply(string _, byte[] packet)
    {
        Assert.Null(await fixture.RawUdpAsync(packet, TimeSpan.FromMilliseconds(300)));

        await AssertStillAnswering();
    }

    [Theory]
    [InlineData("question cut short", new byte[] { 0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'w', (byte)'e' })]
    [InlineData("label of reserved kind", new byte[] { 0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x43, (byte)'w', 0, 0, 1, 0, 1 })]
    [InlineData("no type and class", new byte[] { 0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'w', 0 })]
    public async Task UnreadableQuestionIsFormErrWithTheQueryId(string _, byte[] packet)
    {
        var reply = await fixture.RawUdpAsync(packet, TimeSpan.FromSeconds(5)) ?? throw new Xunit.Sdk.XunitException("no reply");

        var message = DnsMessage.Parse(reply);
        Assert.Equal(0xabcd, message.TransactionID);
        Assert.False(message.IsQuery);
        Assert.Equal(ReturnCode.FormatError, message.ReturnCode);
        await AssertStillAnswering();
    }

    private async Task AssertStillAnswering()
    {
        var answer = DnsMessage.Parse(await Ask(DnsFixture.RawQuery($"web.{Zone}", RecordType.A, 7)));
        Assert.Equal(IPAddress.Parse(fixture.WebClusterIp), Assert.Single(answer.AnswerRecords.OfType<ARecord>()).Address);
    }

    private async Task<byte[]> Ask(byte[] query) =>
        await fixture.RawUdpAsync(query, TimeSpan.FromSeconds(5)) ?? throw new Xunit.Sdk.XunitException("no reply");

    private static string RandomCase(string name) =>
        string.Concat(name.Select(c => Random.Shared.Next(2) == 0 ? char.ToUpperInvariant(c) : c));

    internal static double Metric(string text, string name, params string[] labels) =>
        text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
