using System.Text.Json.Nodes;
using Wharf.Controllers.GarbageCollector;

namespace Wharf.Controllers.Tests.GarbageCollector;

public sealed class GraphEventForwarderTests
{
    private static JsonObject Pod(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["uid"] = "uid-" + name },
    };

    [Fact]
    public void ForwardsUntilStopped_ThenMutesTheSharedInformersHandler()
    {
        var seen = new List<GraphEvent>();
        var forwarder = new GraphEventForwarder(seen.Add);
        var handler = forwarder.Handler;

        handler.OnAdd!(Pod("a"));
        handler.OnUpdate!(Pod("a"), Pod("a"));
        forwarder.Stop();
        handler.OnDelete!(Pod("a"));
        handler.OnAdd!(Pod("b"));

        Assert.Equal([GraphEventType.Add, GraphEventType.Update], seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal("uid-a", e.Identity.Uid));
    }
}
