using System.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace Wharf.Network.Dns;

/// <summary>Sends questions outside the cluster zone to the resolv.conf upstreams (UDP, TCP on truncation), with a cache.</summary>
internal sealed class UpstreamForwarder : IDisposable
{
    // Made on the first forwarded question: the library's client sets up a BouncyCastle SecureRandom for its query
    // ids when its type is first touched (~1.3 MB of assembly pages and 1 MB of heap), which a node whose pods
    // only resolve cluster names never needs.
    private readonly Lazy<DnsClient>? _client;
    private readonly UpstreamCache _cache;
    private readonly ILogger _logger;
    private readonly DnsMetrics _metrics;
    private readonly string _to;

    public UpstreamForwarder(IReadOnlyList<IPAddress> upstreams, ClusterDnsOptions options, TimeProvider time, DnsMetrics metrics, ILogger logger)
    {
        _logger = logger;
        _metrics = metrics;
        // The library tries the upstreams in order, so the label names them all rather than guess which one answered.
        _to = string.Join(",", upstreams.Select(u => new IPEndPoint(u, options.UpstreamPort).ToString()));
        _cache = new UpstreamCache(time, options.MaxCacheTtl, options.CacheCapacity);
        if (upstreams.Count > 0)
        {
            var timeout = (int)options.UpstreamTimeout.TotalMilliseconds;
            _client = new Lazy<DnsClient>(() => new DnsClient(upstreams,
                [new UdpClientTransport(options.UpstreamPort), new TcpClientTransport(options.UpstreamPort)], disposeTransport: true, queryTimeout: timeout));
        }
    }

    /// <summary>The upstream answer, or null when there is no upstream or none answered.</summary>
    public async Task<DnsMessage?> ForwardAsync(DnsQuestion question, CancellationToken ct)
    {
        if (_client is null) return null;
        if (_cache.TryGet(question, out var cached)) return cached;
        _metrics.Forwarded(_to);
        try
        {
            var answer = await _client.Value.ResolveAsync(question.Name, question.RecordType, question.RecordClass, null, ct);
            if (answer is null) return null;
            _cache.Add(question, answer);
            return answer;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogDebug(e, "Upstream lookup of {Name} {Type} failed", question.Name, question.RecordType);
            return null;
        }
    }

    public void Dispose()
    {
        if (_client is { IsValueCreated: true })
            (_client.Value as IDisposable)?.Dispose();
    }
}
