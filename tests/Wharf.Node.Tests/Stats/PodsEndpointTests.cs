using System.Text;
using System.Text.Json.Nodes;
using Wharf.Node.Agent.Server;

namespace Wharf.Node.Tests.Stats;

public sealed class PodsEndpointTests
{
    private sealed class FixedPods(params JsonObject[] pods) : IPodSource
    {
        public Task<IReadOnlyList<JsonObject>> PodsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<JsonObject>>(pods);
    }

    [Fact]
    public async Task Answers_a_pod_list_whose_items_carry_kind_and_api_version()
    {
        var pod = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "shop", ["namespace"] = "web" }, ["status"] = new JsonObject { ["phase"] = "Running" } };
        using var connection = new MemoryStream();

        await new PodsEndpoint(new FixedPods(pod)).HandleAsync(connection, CancellationToken.None);

        var response = Encoding.UTF8.GetString(connection.ToArray());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response);
        var body = JsonNode.Parse(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..])!;
        Assert.Equal("PodList", (string)body["kind"]!);
        Assert.Equal("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"shop","namespace":"web"},"status":{"phase":"Running"}}""",
            body["items"]![0]!.ToJsonString());
    }
}
