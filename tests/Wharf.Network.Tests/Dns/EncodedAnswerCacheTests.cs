using ARSoft.Tools.Net.Dns;
using Prometheus;
using Wharf.Network.Dns;

namespace Wharf.Network.Tests.Dns;

public sealed class EncodedAnswerCacheTests
{
    private static readonly AnswerMetrics Metrics = new DnsMetrics(Prometheus.Metrics.NewCustomRegistry(), "test").For("udp", 1, ReturnCode.NoError, cacheHit: true);

    [Theory]
    [InlineData("same version, before expiry", 7, 50, true)]
    [InlineData("cluster state changed", 8, 50, false)]
    [InlineData("ttl passed", 7, 100, false)]
    public void EntryIsValidForItsVersionUntilItExpires(string scenario, long version, long now, bool hit)
    {
        var cache = new EncodedAnswerCache(10);
        cache.Add([1, 2, 3], new EncodedAnswer([9, 9], Version: 7, ExpiresAt: 100, Metrics), currentVersion: 7, now: 0);

        Assert.True(hit == cache.TryGet([1, 2, 3], version, now, out _), scenario);
    }

    [Fact]
    public void KeysCompareByContent()
    {
        var cache = new EncodedAnswerCache(10);
        cache.Add([1, 2, 3], new EncodedAnswer([9, 9], 0, 100, Metrics), 0, 0);

        Assert.True(cache.TryGet(new byte[] { 0, 1, 2, 3 }.AsSpan(1), 0, 0, out var answer));
        Assert.Equal([9, 9], answer.Response);
        Assert.False(cache.TryGet([1, 2, 4], 0, 0, out _));
    }

    [Fact]
    public void FullCacheDropsStaleEntriesFirst()
    {
        var cache = new EncodedAnswerCache(2);
        cache.Add([1], new EncodedAnswer([1], Version: 1, ExpiresAt: 100, Metrics), 1, 0);
        cache.Add([2], new EncodedAnswer([2], Version: 2, ExpiresAt: 100, Metrics), 2, 0);

        cache.Add([3], new EncodedAnswer([3], Version: 2, ExpiresAt: 100, Metrics), 2, 0);

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet([1], 1, 0, out _));
        Assert.True(cache.TryGet([2], 2, 0, out _));
        Assert.True(cache.TryGet([3], 2, 0, out _));
    }
}
