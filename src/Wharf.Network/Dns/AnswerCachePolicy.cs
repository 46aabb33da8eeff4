using ARSoft.Tools.Net.Dns;

namespace Wharf.Network.Dns;

/// <summary>
/// Decides from a response the library encoded whether the UDP path may replay it, and for how long: positive and
/// negative answers only (never SERVFAIL, REFUSED or FORMERR), for the smallest TTL of their answer and authority
/// records (capped), and only while the cluster state is at the version the query was received at.
/// </summary>
internal sealed class AnswerCachePolicy(EncodedAnswerCache cache, ClusterStateVersion state, DnsMetrics metrics, TimeProvider time, TimeSpan maxTtl)
{
    public void Offer(byte[] key, ReadOnlySpan<byte> response, ushort type, long version)
    {
        DnsMessage message;
        try
        {
            message = DnsMessage.Parse(response.ToArray());
        }
        catch (Exception)
        {
            return;
        }
        if (message.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain)) return;
        var ttl = message.AnswerRecords.Concat(message.AuthorityRecords).Select(r => r.TimeToLive).DefaultIfEmpty(0).Min();
        var lifetime = TimeSpan.FromSeconds(ttl) < maxTtl ? TimeSpan.FromSeconds(ttl) : maxTtl;
        if (lifetime <= TimeSpan.Zero) return;
        var now = time.GetTimestamp();
        var expires = now + (long)(lifetime.TotalSeconds * time.TimestampFrequency);
        cache.Add(key, new EncodedAnswer(response.ToArray(), version, expires, metrics.For("udp", type, message.ReturnCode, cacheHit: true)), state.Current, now);
    }
}
