using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Network.Proxy.Health;
using Wharf.Network.Tests.Dns;

namespace Wharf.Network.Tests.Proxy;

public sealed class HealthCheckServerTests
{
    [Theory]
    [InlineData("local endpoints", 2, true, HttpStatusCode.OK)]
    [InlineData("no local endpoint", 0, true, HttpStatusCode.ServiceUnavailable)]
    [InlineData("proxy unhealthy", 2, false, HttpStatusCode.ServiceUnavailable)]
    public async Task AnswersWithUpstreamsBody(string _, int localEndpoints, bool proxyHealthy, HttpStatusCode expected)
    {
        var port = FreePort.Next();
        await using var server = new HealthCheckServer(IPAddress.Loopback, NullLogger.Instance) { ProxyHealthy = proxyHealthy };
        await server.UpdateAsync([new HealthCheckTarget("shop", "web", port, localEndpoints)]);

        using var http = new HttpClient();
        var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");

        Assert.Equal(expected, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("shop", (string?)body["service"]!["namespace"]);
        Assert.Equal("web", (string?)body["service"]!["name"]);
        Assert.Equal(localEndpoints, (int)body["localEndpoints"]!);
        Assert.Equal(proxyHealthy, (bool)body["serviceProxyHealthy"]!);
    }

    [Fact]
    public async Task PortsFollowTheTargets()
    {
        var (first, second) = (FreePort.Next(), FreePort.Next());
        await using var server = new HealthCheckServer(IPAddress.Loopback, NullLogger.Instance);
        await server.UpdateAsync([new HealthCheckTarget("a", "one", first, 1), new HealthCheckTarget("a", "two", second, 1)]);
        await server.UpdateAsync([new HealthCheckTarget("a", "two", second, 0)]);

        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{first}/"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync($"http://127.0.0.1:{second}/")).StatusCode);
        Assert.Equal([second], server.Ports);
    }
}
