using ARSoft.Tools.Net.Dns;
using Prometheus;

namespace Wharf.Network.Dns;

/// <summary>
/// The server's Prometheus metrics under CoreDNS's names and labels, so dashboards and alerts written for CoreDNS
/// work unchanged. Each server has a registry of its own (served on its metrics port), which keeps several servers
/// in one process (tests, benchmarks) apart. Zone is "." as in CoreDNS's default single server block.
/// </summary>
internal sealed class DnsMetrics
{
    private const string Zone = ".";

    private readonly string _server;
    private readonly Counter _requests;
    private readonly Counter _responses;
    private readonly Histogram _duration;
    private readonly Counter _cacheHits;
    private readonly Counter.Child _cacheMisses;
    private readonly Counter _forwards;

    public DnsMetrics(CollectorRegistry registry, string server)
    {
        _server = server;
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("coredns_dns_requests_total", "Counter of DNS requests made per zone, protocol and query type.",
            ["server", "zone", "proto", "type"]);
        _responses = factory.CreateCounter("coredns_dns_responses_total", "Counter of response status codes.", ["server", "zone", "rcode"]);
        _duration = factory.CreateHistogram("coredns_dns_request_duration_seconds", "Histogram of the time (in seconds) each request took per zone.",
            new HistogramConfiguration { LabelNames = ["server", "zone", "type"], Buckets = Histogram.ExponentialBuckets(0.00025, 2, 16) });
        _cacheHits = factory.CreateCounter("coredns_cache_hits_total", "The count of cache hits.", ["server", "type"]);
        _cacheMisses = factory.CreateCounter("coredns_cache_misses_total", "The count of cache misses.", ["server"]).WithLabels(server);
        _forwards = factory.CreateCounter("coredns_forward_requests_total", "Counter of requests made per upstream.", ["to"]);
    }

    /// <summary>One answered request: protocol, question type, return code and the time since it was received.</summary>
    public void Answered(string proto, ushort type, ReturnCode rcode, long receivedTimestamp) =>
        For(proto, type, rcode, cacheHit: false).Record(receivedTimestamp);

    /// <summary>The metric children of one kind of answer, resolved once so a cached answer costs no label lookups.</summary>
    public AnswerMetrics For(string proto, ushort type, ReturnCode rcode, bool cacheHit)
    {
        var typeName = TypeName(type);
        return new AnswerMetrics(
            _requests.WithLabels(_server, Zone, proto, typeName),
            _responses.WithLabels(_server, Zone, RcodeName(rcode)),
            _duration.WithLabels(_server, Zone, typeName),
            cacheHit ? _cacheHits.WithLabels(_server, rcode == ReturnCode.NoError ? "success" : "denial") : null);
    }

    public void CacheMiss() => _cacheMisses.Inc();

    public void Forwarded(string to) => _forwards.WithLabels(to).Inc();

    /// <summary>CoreDNS's type label: the common types by name, anything else as "other" to bound the label set.</summary>
    public static string TypeName(ushort type) => (RecordType)type switch
    {
        RecordType.A => "A",
        RecordType.Aaaa => "AAAA",
        RecordType.CName => "CNAME",
        RecordType.Mx => "MX",
        RecordType.Ns => "NS",
        RecordType.Ptr => "PTR",
        RecordType.Soa => "SOA",
        RecordType.Srv => "SRV",
        RecordType.Txt => "TXT",
        RecordType.Any => "ANY",
        RecordType.Https => "HTTPS",
        RecordType.SvcB => "SVCB",
        RecordType.Naptr => "NAPTR",
        RecordType.Ds => "DS",
        RecordType.DnsKey => "DNSKEY",
        _ => "other",
    };

    public static string RcodeName(ReturnCode rcode) => rcode switch
    {
        ReturnCode.NoError => "NOERROR",
        ReturnCode.FormatError => "FORMERR",
        ReturnCode.ServerFailure => "SERVFAIL",
        ReturnCode.NxDomain => "NXDOMAIN",
        ReturnCode.NotImplemented => "NOTIMP",
        ReturnCode.Refused => "REFUSED",
        _ => ((int)rcode).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
