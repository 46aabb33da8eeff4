using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Network.Ingress.Sync;

namespace Wharf.Network.Tests.Ingress.Sync;

public sealed class IngressStatusWriterTests
{
    // IsCurrent never calls the API, so no client is needed.
    private readonly IngressStatusWriter _writer = new(null!, ["10.0.0.1", "node-1.example"], NullLogger.Instance);

    private static JsonObject WithStatus(string? loadBalancerIngress) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "ing", ["namespace"] = "default" },
        ["status"] = loadBalancerIngress is null ? new JsonObject() : new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = JsonNode.Parse(loadBalancerIngress) } },
    };

    [Theory]
    [InlineData("same addresses, ip and hostname", """[{"ip":"10.0.0.1"},{"hostname":"node-1.example"}]""", true)]
    [InlineData("no status yet", null, false)]
    [InlineData("another address", """[{"ip":"10.0.0.2"},{"hostname":"node-1.example"}]""", false)]
    [InlineData("one address missing", """[{"ip":"10.0.0.1"}]""", false)]
    public void WritesOnlyWhenTheAddressesDiffer(string _, string? current, bool isCurrent)
    {
        Assert.Equal(isCurrent, _writer.IsCurrent(WithStatus(current)));
    }
}
