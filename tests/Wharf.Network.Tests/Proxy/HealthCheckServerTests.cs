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
        await using var server = new HealthCheckServer(IPAddress.Loopback, NullLogger.Instance) { ProxyHealthy = proxyHealthy };
        var port = await ListenOnFreePortAsync(server, port => [new HealthCheckTarget("shop", "web", port, localEndpoints)]);

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
        await using var server = new HealthCheckServer(IPAddress.Loopback, NullLogger.Instance);
        var first = await ListenOnFreePortAsync(server, port => [new HealthCheckTarget("a", "one", port, 1)]);
        var second = await ListenOnFreePortAsync(server, port => [new HealthCheckTarget("a", "one", first, 1), new HealthCheckTarget("a", "two", port, 1)]);
        await server.UpdateAsync([new HealthCheckTarget("a", "two", second, 0)]);

        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{first}/"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync($"http://127.0.0.1:{second}/")).StatusCode);
        Assert.Equal([second], server.Ports);
    }

    /// <summary>
    /// Updates the server to the targets built for a free port and returns that port once the server listens on it.
    /// A port found free can be taken before the server binds it (another process's ephemeral port: the server then
    /// logs it as unavailable, rightly), so a few ports are tried.
    /// </summary>
    private static async Task<int> ListenOnFreePortAsync(HealthCheckServer server, Func<int, HealthCheckTarget[]> targets)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var port = FreePort.Next();
            await server.UpdateAsync(targets(port));
            if (server.Ports.Contains(port))
                return port;
        }
        throw new InvalidOperationException("no free port could be listened on in 10 attempts");
    }
}
