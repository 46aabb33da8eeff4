using System.Text.Json.Nodes;
using Wharf.Controllers.Endpoints;

namespace Wharf.Controllers.Tests.Endpoints;

public sealed class SubsetBuilderTests
{
    private static JsonObject Address(string ip) => new() { ["ip"] = ip, ["targetRef"] = new JsonObject { ["uid"] = "uid-" + ip } };
    private static JsonObject Port(string name, int port) => new() { ["name"] = name, ["port"] = port, ["protocol"] = "TCP" };

    [Fact]
    public void Build_PortsServedBySameAddressesShareOneSubset()
    {
        var builder = new SubsetBuilder();
        foreach (var ip in new[] { "10.0.0.2", "10.0.0.1" })
        {
            builder.Add(Address(ip), true, Port("http", 80));
            builder.Add(Address(ip), true, Port("https", 443));
        }
        builder.Add(Address("10.0.0.3"), false, Port("http", 80));

        var subsets = builder.Build();

        // http is offered by 3 addresses, https by 2: two subsets.
        Assert.Equal(2, subsets.Count);
        var https = subsets.Single(s => s!["ports"]!.AsArray().Count == 1 && s["ports"]![0]!["name"]!.GetValue<string>() == "https")!;
        Assert.Equal(["10.0.0.1", "10.0.0.2"], NetworkObjects.Ips(https["addresses"]));
        var http = subsets.Single(s => s != https)!;
        Assert.Equal(["10.0.0.3"], NetworkObjects.Ips(http["notReadyAddresses"]));
    }

    [Fact]
    public void Build_IsIndependentOfInsertionOrder()
    {
        var a = new SubsetBuilder();
        a.Add(Address("10.0.0.1"), true, Port("http", 80));
        a.Add(Address("10.0.0.2"), false, Port("http", 80));
        var b = new SubsetBuilder();
        b.Add(Address("10.0.0.2"), false, Port("http", 80));
        b.Add(Address("10.0.0.1"), true, Port("http", 80));

        Assert.True(JsonNode.DeepEquals(a.Build(), b.Build()));
    }

    [Theory]
    [InlineData(1200, 0, 1000, 0)]
    [InlineData(900, 300, 900, 100)]
    [InlineData(500, 500, 500, 500)]
    public void Truncate_KeepsReadyAddressesFirst(int ready, int notReady, int keptReady, int keptNotReady)
    {
        var subsets = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(Enumerable.Range(0, ready).Select(i => (JsonNode)Address($"10.1.{i / 250}.{i % 250}")).ToArray()),
            ["notReadyAddresses"] = new JsonArray(Enumerable.Range(0, notReady).Select(i => (JsonNode)Address($"10.2.{i / 250}.{i % 250}")).ToArray()),
        });

        var truncated = EndpointsTruncation.Truncate(subsets);

        Assert.Equal(ready + notReady > EndpointsTruncation.MaxCapacity, truncated);
        Assert.Equal(keptReady, (subsets[0]!["addresses"] as JsonArray)?.Count ?? 0);
        Assert.Equal(keptNotReady, (subsets[0]!["notReadyAddresses"] as JsonArray)?.Count ?? 0);
    }
}
