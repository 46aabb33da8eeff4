using Prometheus;
using Wharf.ApiServer.Requests;

namespace Wharf.ApiServer.Endpoints;

/// <summary>Request counts and latencies by verb, resource and code, named as upstream's apiserver metrics.</summary>
public sealed class ApiMetrics
{
    private static readonly string[] Labels = ["verb", "group", "version", "resource", "subresource", "code"];
    private readonly Counter _requests;
    private readonly Histogram _latency;

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
