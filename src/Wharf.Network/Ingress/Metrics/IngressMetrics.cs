using System.Collections.Concurrent;
using System.Text;
using Prometheus;
using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Ingress.Metrics;

/// <summary>
/// Request count and duration by namespace, ingress, service and status, under ingress-nginx's metric names so its
/// dashboards and alerts apply. The registry is the controller's own: the host serves it where it likes (the API
/// server's <c>/metrics</c> through <see cref="WriteTo"/>, or a port of its own, <see cref="IngressOptions.MetricsEndpoint"/>).
/// Requests that matched no rule count with empty namespace, ingress and service, as ingress-nginx's default backend.
/// </summary>
public sealed class IngressMetrics
{
    public const string RequestsName = "nginx_ingress_controller_requests";
    public const string DurationName = "nginx_ingress_controller_request_duration_seconds";

    private static readonly string[] Labels = ["namespace", "ingress", "service", "status"];

    private readonly Counter _requests;
    private readonly Histogram _duration;

    /// <summary>Children by route and status, so a request costs one dictionary look-up and no label array.</summary>
    private readonly ConcurrentDictionary<(RouteMatch? Route, int Status), (Counter.Child Count, Histogram.Child Duration)> _children = new();

    public IngressMetrics()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        // No exemplars: they would read the current Activity on every request, and the proxy starts none.
        _requests = factory.CreateCounter(RequestsName, "The total number of client requests",
            new CounterConfiguration { LabelNames = Labels, ExemplarBehavior = ExemplarBehavior.NoExemplars() });
        _duration = factory.CreateHistogram(DurationName, "The request processing time in seconds (until the response is sent)",
            new HistogramConfiguration
            {
                LabelNames = Labels,
                Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
                ExemplarBehavior = ExemplarBehavior.NoExemplars(),
            });
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    /// <summary>Writes every family in Prometheus text form (for a host that appends it to its own <c>/metrics</c>).</summary>
    public void WriteTo(TextWriter writer)
    {
        using var buffer = new MemoryStream();
        // In-memory export completes synchronously; the host's metrics sources are synchronous writers.
        Registry.CollectAndExportAsTextAsync(buffer).GetAwaiter().GetResult();
        writer.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    internal void Observe(RouteMatch? route, int status, TimeSpan duration)
    {
        var (count, histogram) = _children.GetOrAdd((route, status), Create);
        count.Inc();
        histogram.Observe(duration.TotalSeconds);
    }

    private (Counter.Child, Histogram.Child) Create((RouteMatch? Route, int Status) key)
    {
        var backend = key.Route?.Backend;
        var ingress = key.Route?.Ingress ?? "";
        string[] labels = [backend?.Namespace ?? "", ingress[(ingress.IndexOf('/') + 1)..], backend?.Service ?? "", key.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        return (_requests.WithLabels(labels), _duration.WithLabels(labels));
    }
}
