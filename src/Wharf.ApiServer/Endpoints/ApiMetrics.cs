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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SeriesKey, (Counter.Child Requests, Histogram.Child? Latency)> _series = new();

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

    /// <summary>
    /// Bytes the process has allocated on the managed heap since it started, sampled on each scrape: the figure
    /// that Go's <c>go_memstats_alloc_bytes_total</c> gives for upstream's apiserver, and what the benchmarks divide
    /// by the requests of a phase to show allocation per request independently of the machine's load.
    /// </summary>
    public static void AddRuntimeCounters(CollectorRegistry registry)
    {
        var allocated = Metrics.WithCustomRegistry(registry).CreateCounter(
            "dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.");
        registry.AddBeforeCollectCallback(() => allocated.IncTo(GC.GetTotalAllocatedBytes()));
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
        var key = new SeriesKey(info?.Verb ?? method, info is null, info?.Group ?? "", info?.Version ?? "", info?.Resource ?? "", info?.Subresource ?? "", code);
        if (!_series.TryGetValue(key, out var series))
            series = _series.GetOrAdd(key, static (k, self) => self.CreateSeries(k), this);
        series.Requests.Inc();
        series.Latency?.Observe(elapsed.TotalSeconds);
    }

    /// <summary>
    /// The labelled children of one request series, found once: every request otherwise upper-cased its verb,
    /// formatted its code and built two label arrays for the metrics library to look the same children up again.
    /// </summary>
    private (Counter.Child Requests, Histogram.Child? Latency) CreateSeries(SeriesKey key)
    {
        var verb = key.Verb.ToUpperInvariant();
        var requests = _requests.WithLabels(verb, key.Group, key.Version, key.Resource, key.Subresource, key.Code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Watches are long-running; their duration says nothing about latency.
        var latency = !key.FromMethod && key.Verb == "watch" ? null : _latency.WithLabels(verb, key.Group, key.Version, key.Resource, key.Subresource);
        return (requests, latency);
    }

    /// <summary>One request series: the verb as the request named it (or its method, without request info) and the other labels.</summary>
    private readonly record struct SeriesKey(string Verb, bool FromMethod, string Group, string Version, string Resource, string Subresource, int Code);
}
