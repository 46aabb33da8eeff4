using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.NodeProxy;

namespace Wharf.ApiServer.Tests.NodeProxy;

public sealed class PodContainersTests
{
    private static JsonObject Pod(params string[] containers) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web-1" },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject { ["name"] = c }).ToArray()),
            ["initContainers"] = new JsonArray(new JsonObject { ["name"] = "setup" }),
        },
    };

    [Theory]
    [InlineData("the only container by default", new[] { "c1" }, null, "c1")]
    [InlineData("a named container", new[] { "c1", "c2" }, "c2", "c2")]
    [InlineData("an init container", new[] { "c1" }, "setup", "setup")]
    public void Picks_the_container(string name, string[] containers, string? requested, string expected)
    {
        _ = name;
        Assert.Equal(expected, PodContainers.Resolve(Pod(containers), requested));
    }

    [Theory]
    [InlineData("ambiguous", null, "a container name must be specified for pod web-1, choose one of: [c1 c2] or one of the init containers: [setup]")]
    [InlineData("unknown", "c9", "container c9 is not valid for pod web-1")]
    public void Refuses_like_upstream(string name, string? requested, string message)
    {
        _ = name;
        var error = Assert.Throws<StatusException>(() => PodContainers.Resolve(Pod("c1", "c2"), requested));
        Assert.Equal(400, error.Code);
        Assert.Equal(message, error.Message);
    }
}
