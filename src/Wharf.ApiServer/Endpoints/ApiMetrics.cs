using Prometheus;
using Wharf.ApiServer.Requests;

namespace Wharf.ApiServer.Endpoints;

/// <summary>Request counts and latencies by verb, resource and code, named as upstream's apiserver metrics.</summary>
public sealed class ApiMetrics
{
    private static readonly string[] Labels = ["verb", "group", "version", "resource", "subresource", "code"];
    private readonly Counter _requests;
    private readonly Histogram _latency;
    private readonly Gauge _longRunning;

    public ApiMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("apiserver_request_total", "Counter of apiserver requests broken out by verb, resource and HTTP response code.", Labels);
        _latency = factory.CreateHistogram("apiserver_request_duration_seconds", "Response latency distribution in seconds for each verb and resource.",
            new HistogramConfiguration
            {
                LabelNames = ["verb", "group", "version", "resource", "subresource"],
                Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
            });
        _longRunning = factory.CreateGauge("apiserver_longrunning_requests", "Gauge of all active long-running apiserver requests (watches) by verb, group and resource.",
            ["verb", "group", "resource"]);
    }

    /// <summary>Counts an open watch until the returned handle is disposed.</summary>
    public IDisposable TrackWatch(string group, string resource)
    {
        var gauge = _longRunning.WithLabels("WATCH", group, resource);
        gauge.Inc();
        return new Release(() => gauge.Dec());
    }

    /// <summary>Store figures sampled on each scrape.</summary>
    public static void AddStoreGauges(CollectorRegistry registry, Wharf.Storage.IStorageBackend storage, string? databasePath)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var revision = factory.CreateGauge("wharf_store_revision", "The newest revision written to the store (etcd_current_revision upstream).");
        var compacted = factory.CreateGauge("wharf_store_compact_revision", "Revisions at or below this one have been compacted.");
        var size = factory.CreateGauge("apiserver_storage_size_bytes", "Size of the storage database file(s) in bytes.");
        registry.AddBeforeCollectCallback(() =>
        {
            revision.Set(storage.CurrentRevision);
            compacted.Set(storage.CompactRevision);
            if (databasePath is not null)
            {
                long bytes = 0;
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    var file = new FileInfo(databasePath + suffix);
                    if (file.Exists) bytes += file.Length;
                }
                size.Set(bytes);
            }
        });
    }

    private sealed class Release(Action action) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) action();
        }
    }

    public void Observe(RequestInfo? info, string method, int code, TimeSpan elapsed)
    {
        var verb = info?.Verb.ToUpperInvariant() ?? method.ToUpperInvariant();
        var group = info?.Group ?? "";
        var version = info?.Version ?? "";
        var resource = info?.Resource ?? "";
        var subresource = info?.Subresource ?? "";
        _requests.WithLabels(verb, group, version, resource, subresource, code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        // Watches are long-running; their duration says nothing about latency.
        if (info?.Verb != "watch")
            _latency.WithLabels(verb, group, version, resource, subresource).Observe(elapsed.TotalSeconds);
    }
}
