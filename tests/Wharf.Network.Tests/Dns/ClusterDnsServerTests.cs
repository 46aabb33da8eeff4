using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Wharf.Network.Tests.Dns;

public sealed class ClusterDnsServerTests(DnsFixture fixture) : IClassFixture<DnsFixture>
{
    private const string Zone = "default.svc.cluster.local";

    [Theory]
    [InlineData("udp", false)]
    [InlineData("tcp", true)]
    public async Task ClusterIpServiceAnswersItsClusterIp(string _, bool tcp)
    {
        var answer = await Query($"web.{Zone}", RecordType.A, tcp);

        Assert.Equal(ReturnCode.NoError, answer.ReturnCode);
        Assert.True(answer.IsAuthoritiveAnswer);
        var record = Assert.Single(answer.AnswerRecords.OfType<ARecord>());
        Assert.Equal(IPAddress.Parse(fixture.WebClusterIp), record.Address);
        Assert.Equal(5, record.TimeToLive);
    }

    [Fact]
    public async Task NamesAreCaseInsensitive()
    {
        var answer = await Query($"WEB.Default.SVC.Cluster.Local", RecordType.A, tcp: false);

        Assert.Equal(IPAddress.Parse(fixture.WebClusterIp), Assert.Single(answer.AnswerRecords.OfType<ARecord>()).Address);
    }

    [Fact]
    public async Task HeadlessServiceAnswersEachReadyEndpoint()
    {
        var answer = await Query($"db.{Zone}", RecordType.A, tcp: false);

        var addresses = answer.AnswerRecords.OfType<ARecord>().Select(r => r.Address.ToString()).Order().ToArray();
        Assert.Equal(["10.42.0.5", "10.42.0.6"], addresses);
    }

    [Theory]
    [InlineData("hostname", "db-0", "10.42.0.5")]
    [InlineData("dashed address", "10-42-0-6", "10.42.0.6")]
    public async Task HeadlessEndpointHasItsOwnName(string _, string label, string expected)
    {
        var answer = await Query($"{label}.db.{Zone}", RecordType.A, tcp: false);

        Assert.Equal(IPAddress.Parse(expected), Assert.Single(answer.AnswerRecords.OfType<ARecord>()).Address);
    }

    [Fact]
    public async Task SrvOfClusterIpServicePointsAtTheServiceName()
    {
        var answer = await Query($"_http._tcp.web.{Zone}", RecordType.Srv, tcp: false);

        var srv = Assert.Single(answer.AnswerRecords.OfType<SrvRecord>());
        Assert.Equal(80, srv.Port);
        Assert.Equal($"web.{Zone}", srv.Target.ToString().TrimEnd('.'));
        Assert.Contains(answer.AdditionalRecords.OfType<ARecord>(), r => r.Address.Equals(IPAddress.Parse(fixture.WebClusterIp)));
    }

    [Fact]
    public async Task SrvOfUdpPortNeedsTheUdpProtocolLabel()
    {
        var udp = await Query($"_metrics._udp.web.{Zone}", RecordType.Srv, tcp: false);
        var tcp = await Query($"_metrics._tcp.web.{Zone}", RecordType.Srv, tcp: false);

        Assert.Equal(81, Assert.Single(udp.AnswerRecords.OfType<SrvRecord>()).Port);
        Assert.Equal(ReturnCode.NxDomain, tcp.ReturnCode);
    }

    [Fact]
    public async Task SrvOfHeadlessServiceListsEachEndpoint()
    {
        var answer = await Query($"_pg._tcp.db.{Zone}", RecordType.Srv, tcp: false);

        var targets = answer.AnswerRecords.OfType<SrvRecord>().Select(r => r.Target.ToString().TrimEnd('.')).Order().ToArray();
        Assert.Equal([$"10-42-0-6.db.{Zone}", $"db-0.db.{Zone}"], targets);
        Assert.All(answer.AnswerRecords.OfType<SrvRecord>(), r => Assert.Equal(5432, r.Port));
    }

    [Theory]
    [InlineData("service cluster IP", null, "web")]
    [InlineData("hostnamed endpoint", "10.42.0.5", "db-0.db")]
    public async Task PtrNamesTheServiceOrEndpoint(string _, string? address, string expected)
    {
        var ip = IPAddress.Parse(address ?? fixture.WebClusterIp).GetAddressBytes();
        var answer = await Query($"{ip[3]}.{ip[2]}.{ip[1]}.{ip[0]}.in-addr.arpa", RecordType.Ptr, tcp: false);

        var ptr = Assert.Single(answer.AnswerRecords.OfType<PtrRecord>());
        Assert.Equal($"{expected}.{Zone}", ptr.PointerDomainName.ToString().TrimEnd('.'));
    }

    [Fact]
    public async Task ExternalNameIsACname()
    {
        var answer = await Query($"ext.{Zone}", RecordType.A, tcp: false);

        var cname = Assert.Single(answer.AnswerRecords.OfType<CNameRecord>());
        Assert.Equal("www.example.test", cname.CanonicalName.ToString().TrimEnd('.'));
    }

    [Theory]
    [InlineData("a-b-c-d form", "10-42-3-4.default.pod.cluster.local", "10.42.3.4")]
    [InlineData("other namespace", "10-42-3-5.kube-system.pod.cluster.local", "10.42.3.5")]
    public async Task PodNameAnswersItsAddress(string _, string name, string expected)
    {
        var answer = await Query(name, RecordType.A, tcp: false);

        Assert.Equal(IPAddress.Parse(expected), Assert.Single(answer.AnswerRecords.OfType<ARecord>()).Address);
    }

    [Theory]
    [InlineData("unknown service", "nope.default.svc.cluster.local")]
    [InlineData("search path expansion", "web.default.svc.cluster.local.default.svc.cluster.local")]
    [InlineData("unknown endpoint", "db-9.db.default.svc.cluster.local")]
    [InlineData("not a service or pod", "foo.cluster.local")]
    [InlineData("bad pod address", "not-an-ip.default.pod.cluster.local")]
    public async Task UnknownClusterNameIsNxDomainWithSoa(string _, string name)
    {
        var answer = await Query(name, RecordType.A, tcp: false);

        Assert.Equal(ReturnCode.NxDomain, answer.ReturnCode);
        Assert.Empty(answer.AnswerRecords);
        var soa = Assert.Single(answer.AuthorityRecords.OfType<SoaRecord>());
        Assert.Equal("cluster.local", soa.Name.ToString().TrimEnd('.'));
    }

    [Fact]
    public async Task ExistingNameWithoutRecordsOfTheTypeIsNoData()
    {
        var answer = await Query($"web.{Zone}", RecordType.Aaaa, tcp: false);

        Assert.Equal(ReturnCode.NoError, answer.ReturnCode);
        Assert.Empty(answer.AnswerRecords);
        Assert.Single(answer.AuthorityRecords.OfType<SoaRecord>());
    }

    [Fact]
    public async Task OtherNamesAreForwardedToTheUpstreamAndCached()
    {
        var first = await Query("www.example.test", RecordType.A, tcp: false);
        var queriesAfterFirst = fixture.Upstream.Queries;
        var second = await Query("www.example.test", RecordType.A, tcp: true);

        Assert.Equal(IPAddress.Parse("192.0.2.7"), Assert.Single(first.AnswerRecords.OfType<ARecord>()).Address);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), Assert.Single(second.AnswerRecords.OfType<ARecord>()).Address);
        Assert.False(first.IsAuthoritiveAnswer);
        Assert.Equal(queriesAfterFirst, fixture.Upstream.Queries);
    }

    [Fact]
    public async Task UpstreamNxDomainIsPassedOn()
    {
        var answer = await Query("missing.example.test", RecordType.A, tcp: false);

        Assert.Equal(ReturnCode.NxDomain, answer.ReturnCode);
        Assert.True(fixture.Upstream.Queries > 0);
    }

    [Theory]
    [InlineData("udp truncates", false, true)]
    [InlineData("tcp carries everything", true, false)]
    public async Task BigAnswersAreTruncatedOnlyOverUdp(string _, bool tcp, bool truncated)
    {
        var answer = tcp ? await Query($"many.{Zone}", RecordType.A, tcp) : await fixture.RawUdpQueryAsync($"many.{Zone}", RecordType.A);

        Assert.Equal(truncated, answer.IsTruncated);
        if (truncated) Assert.True(answer.AnswerRecords.Count < DnsFixture.ManyEndpoints);
        else Assert.Equal(DnsFixture.ManyEndpoints, answer.AnswerRecords.OfType<ARecord>().Count());
    }

    private async Task<DnsMessage> Query(string name, RecordType type, bool tcp) =>
        await fixture.QueryAsync(name, type, tcp) ?? throw new Xunit.Sdk.XunitException($"no answer for {name} {type}");
}
