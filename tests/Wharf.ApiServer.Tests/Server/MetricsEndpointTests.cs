using System.Net;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Server;

[Collection(ServerCollection.Name)]
public sealed class MetricsEndpointTests(ServerFixture server)
{
    [Fact]
    public async Task Metrics_NeedCredentials_AndIncludeInProcessComponents()
    {
        server.Host.AddMetricsSource(writer => writer.Write("wharf_test_component_metric 1\n"));
        await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous.GetAsync("/metrics")).StatusCode);
        var response = await server.Admin.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("apiserver_request_total{verb=\"LIST\",group=\"\",version=\"v1\",resource=\"namespaces\"", text);
        Assert.Contains("wharf_store_revision ", text);
        Assert.Contains("wharf_test_component_metric 1\n", text);
    }

    [Fact]
    public async Task Metrics_CountManagedBytesAllocated_RisingWithRequests()
    {
        var first = await AllocatedBytesAsync();
        for (var i = 0; i < 20; i++)
            await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces");
        var second = await AllocatedBytesAsync();

        Assert.True(first > 1_000_000, $"a running server has allocated more than {first} bytes");
        Assert.True(second > first, $"20 LISTs allocated nothing: {first} then {second}");
    }

    private async Task<double> AllocatedBytesAsync()
    {
        var text = await server.Admin.GetStringAsync("/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith("dotnet_gc_allocated_bytes_total ", StringComparison.Ordinal));
        return double.Parse(line["dotnet_gc_allocated_bytes_total ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
