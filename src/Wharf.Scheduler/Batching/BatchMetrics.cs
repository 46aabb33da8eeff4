using System.Collections.Concurrent;
using Wharf.Scheduler.Metrics;

namespace Wharf.Scheduler.Batching;

/// <summary>
/// Upstream's opportunistic-batching counters: scheduler_batch_attempts_total{profile,result} and
/// scheduler_batch_cache_flushed_total{profile,reason}.
/// </summary>
public sealed class BatchMetrics
{
    private readonly ConcurrentDictionary<(string Profile, string Result), long> _attempts = new();
    private readonly ConcurrentDictionary<(string Profile, string Reason), long> _flushes = new();

    public long Attempts(string profile, string result) => _attempts.GetValueOrDefault((profile, result));

    public long Flushes(string profile, string reason) => _flushes.GetValueOrDefault((profile, reason));

    internal void RecordAttempt(string profile, string result) => _attempts.AddOrUpdate((profile, result), 1, (_, n) => n + 1);

    internal void RecordFlush(string profile, string reason) => _flushes.AddOrUpdate((profile, reason), 1, (_, n) => n + 1);

    internal void WriteTo(PrometheusText text)
    {
        text.Header("scheduler_batch_attempts_total", "counter", "Counts of results when we attempt to use batching.");
        foreach (var ((profile, result), n) in _attempts.OrderBy(a => a.Key.Profile, StringComparer.Ordinal).ThenBy(a => a.Key.Result, StringComparer.Ordinal))
            text.Sample("scheduler_batch_attempts_total", [("profile", profile), ("result", result)], n);
        text.Header("scheduler_batch_cache_flushed_total", "counter", "Counts of cache flushes by reason.");
        foreach (var ((profile, reason), n) in _flushes.OrderBy(a => a.Key.Profile, StringComparer.Ordinal).ThenBy(a => a.Key.Reason, StringComparer.Ordinal))
            text.Sample("scheduler_batch_cache_flushed_total", [("profile", profile), ("reason", reason)], n);
    }
}
