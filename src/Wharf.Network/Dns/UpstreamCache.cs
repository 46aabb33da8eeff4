using System.Collections.Concurrent;
using ARSoft.Tools.Net.Dns;

namespace Wharf.Network.Dns;

/// <summary>
/// A small cache of upstream answers keyed by question, each kept for the smallest TTL it carries (capped).
/// When full it drops expired entries, then everything: simple, and bounded, which is what a node-local cache needs.
/// </summary>
internal sealed class UpstreamCache(TimeProvider time, TimeSpan maxTtl, int capacity)
{
    private readonly ConcurrentDictionary<(string Name, RecordType Type, RecordClass Class), Entry> _entries = new();

    public bool TryGet(DnsQuestion question, out DnsMessage answer)
    {
        answer = null!;
        if (!_entries.TryGetValue(Key(question), out var entry)) return false;
        if (entry.Expires <= time.GetUtcNow())
        {
            _entries.TryRemove(Key(question), out _);
            return false;
        }
        answer = entry.Answer;
        return true;
    }

    public void Add(DnsQuestion question, DnsMessage answer)
    {
        if (answer.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain) || answer.IsTruncated) return;
        var ttl = answer.AnswerRecords.Concat(answer.AuthorityRecords).Select(r => TimeSpan.FromSeconds(r.TimeToLive)).DefaultIfEmpty(TimeSpan.Zero).Min();
        if (ttl > maxTtl) ttl = maxTtl;
        if (ttl <= TimeSpan.Zero) return;
        if (_entries.Count >= capacity) Evict();
        _entries[Key(question)] = new Entry(answer, time.GetUtcNow() + ttl);
    }

    private void Evict()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
            if (entry.Expires <= now) _entries.TryRemove(key, out _);
        if (_entries.Count >= capacity) _entries.Clear();
    }

    private static (string, RecordType, RecordClass) Key(DnsQuestion q) => (q.Name.ToString().ToLowerInvariant(), q.RecordType, q.RecordClass);

    private sealed record Entry(DnsMessage Answer, DateTimeOffset Expires);
}
