using Prometheus;

namespace Wharf.Network.Proxy;

/// <summary>Prometheus metrics of the service proxy, on the process's default registry.</summary>
internal static class ProxyMetrics
{
    public static readonly Histogram SyncDuration = Metrics.CreateHistogram(
        "wharf_proxy_sync_duration_seconds", "Time to build and apply one nftables sync, by mode (full or partial).",
        new HistogramConfiguration { LabelNames = ["mode"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });

    public static readonly Gauge Chains = Metrics.CreateGauge("wharf_proxy_chains", "Chains the services own in the proxy's nftables table (the fixed hook and helper chains not counted).");

    public static readonly Gauge Rules = Metrics.CreateGauge("wharf_proxy_rules", "Rules in the services' chains of the proxy's nftables table (the fixed chains not counted).");

    public static readonly Gauge Elements = Metrics.CreateGauge("wharf_proxy_elements", "Elements the services put in the proxy's shared nftables maps and sets.");

    public static readonly Gauge LastSync = Metrics.CreateGauge("wharf_proxy_last_sync_timestamp_seconds", "Unix time of the last successful sync.");

    public static readonly Counter SyncFailures = Metrics.CreateCounter("wharf_proxy_sync_failures_total", "nft runs that failed.");
}
