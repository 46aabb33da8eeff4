using ARSoft.Tools.Net.Dns;

namespace Wharf.Network.Tests.Dns;

/// <summary>The CoreDNS-named metrics on the server's metrics port, after real queries.</summary>
public sealed class DnsMetricsTests(DnsFixture fixture) : IClassFixture<DnsFixture>
{
    private const string Zone = "default.svc.cluster.local";

    [Theory]
    [InlineData("udp A", "web." + Zone, RecordType.A, false, "coredns_dns_requests_total", "proto=\"udp\"", "type=\"A\"")]
    [InlineData("tcp SRV", "_http._tcp.web." + Zone, RecordType.Srv, true, "coredns_dns_requests_total", "proto=\"tcp\"", "type=\"SRV\"")]
    [InlineData("NXDOMAIN code", "nope." + Zone, RecordType.A, false, "coredns_dns_responses_total", "rcode=\"NXDOMAIN\"", "zone=\".\"")]
    [InlineData("NOERROR code", "web." + Zone, RecordType.A, true, "coredns_dns_responses_total", "rcode=\"NOERROR\"", "zone=\".\"")]
    [InlineData("duration", "web." + Zone, RecordType.A, false, "coredns_dns_request_duration_seconds_count", "type=\"A\"", "zone=\".\"")]
    [InlineData("forwarded", "missing.example.test", RecordType.Mx, false, "coredns_forward_requests_total", "to=\"127.0.0.1:", "")]
    public async Task QueryCountsUnderCoreDnsNames(string _, string name, RecordType type, bool tcp, string metric, string label1, string label2)
    {
        var before = UdpFastPathTests.Metric(await fixture.ScrapeAsync(), metric, label1, label2);

        await fixture.QueryAsync(name, type, tcp);

        var text = await fixture.ScrapeAsync();
        Assert.Equal(before + 1, UdpFastPathTests.Metric(text, metric, label1, label2));
        if (metric.StartsWith("coredns_dns_", StringComparison.Ordinal)) Assert.Contains($"server=\"dns://127.0.0.1:{fixture.Port}\"", text);
    }

    [Fact]
    public async Task RepeatedUdpQueryIsACacheHitAndTheFirstAMiss()
    {
        var query = DnsFixture.RawQuery($"dB.{Zone}", RecordType.A, 9);
        var text = await fixture.ScrapeAsync();
        var (hits, misses) = (UdpFastPathTests.Metric(text, "coredns_cache_hits_total", "type=\"success\""), UdpFastPathTests.Metric(text, "coredns_cache_misses_total"));

        await fixture.RawUdpAsync(query, TimeSpan.FromSeconds(5));
        await fixture.RawUdpAsync(query, TimeSpan.FromSeconds(5));

        text = await fixture.ScrapeAsync();
        Assert.Equal(misses + 1, UdpFastPathTests.Metric(text, "coredns_cache_misses_total"));
        Assert.Equal(hits + 1, UdpFastPathTests.Metric(text, "coredns_cache_hits_total", "type=\"success\""));
    }
}
