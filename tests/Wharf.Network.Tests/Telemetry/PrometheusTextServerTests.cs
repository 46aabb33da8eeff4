using System.Net;
using Prometheus;
using Wharf.Network.Telemetry;

namespace Wharf.Network.Tests.Telemetry;

public sealed class PrometheusTextServerTests : IDisposable
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly PrometheusTextServer _server;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public PrometheusTextServerTests()
    {
        Metrics.WithCustomRegistry(_registry).CreateCounter("test_requests_total", "Requests.", "code").WithLabels("200").Inc(3);
        _server = PrometheusTextServer.Start(new IPEndPoint(IPAddress.Loopback, 0), _registry);
    }

    private Uri Url(string path) => new($"http://127.0.0.1:{_server.Endpoint.Port}{path}");

    [Fact]
    public async Task Metrics_are_served_in_the_text_exposition_format()
    {
        using var response = await _http.GetAsync(Url("/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE test_requests_total counter\n", body);
        Assert.Contains("test_requests_total{code=\"200\"} 3\n", body);
    }

    [Fact]
    public async Task Each_scrape_reads_the_registry_afresh()
    {
        await _http.GetStringAsync(Url("/metrics"));
        Metrics.WithCustomRegistry(_registry).CreateCounter("test_requests_total", "Requests.", "code").WithLabels("200").Inc();

        Assert.Contains("test_requests_total{code=\"200\"} 4\n", await _http.GetStringAsync(Url("/metrics?x=1")));
    }

    [Theory]
    [InlineData("root", "GET", "/", HttpStatusCode.NotFound)]
    [InlineData("other path", "GET", "/metricsx", HttpStatusCode.NotFound)]
    [InlineData("post", "POST", "/metrics", HttpStatusCode.MethodNotAllowed)]
    public async Task Anything_but_a_GET_of_metrics_is_refused(string name, string method, string path, HttpStatusCode expected)
    {
        _ = name;
        using var request = new HttpRequestMessage(new HttpMethod(method), Url(path));
        using var response = await _http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public void A_taken_port_is_reported_and_not_served_twice()
    {
        using var second = PrometheusTextServer.TryStart(_server.Endpoint, _registry, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "Test");

        Assert.Null(second);
    }

    public void Dispose()
    {
        _server.Dispose();
        _http.Dispose();
    }
}
