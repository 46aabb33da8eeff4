using System.Text.Json.Nodes;
using Wharf.Controllers.GarbageCollector;

namespace Wharf.Controllers.Tests.GarbageCollector;

/// <summary>What an update of a dependent's owner references does to the graph.</summary>
public sealed class DependencyGraphOwnersTests
{
    private readonly List<string> _toDelete = [];

    private static JsonObject Obj(string kind, string name, string uid, params JsonObject[] owners) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = name, ["namespace"] = "ns", ["uid"] = uid,
            ["ownerReferences"] = new JsonArray(owners.Select(o => (JsonNode)o).ToArray()),
        },
    };

    private static JsonObject Ref(string name, string uid, bool block = true) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Owner", ["name"] = name, ["uid"] = uid, ["controller"] = true, ["blockOwnerDeletion"] = block };

    private DependencyGraph Graph(out GraphNode a, out GraphNode b)
    {
        var graph = new DependencyGraph(new AbsentOwnerCache(), _toDelete.Add, _ => { });
        graph.Process(GraphEvent.Observed(GraphEventType.Add, Obj("Owner", "a", "ua"), null));
        graph.Process(GraphEvent.Observed(GraphEventType.Add, Obj("Owner", "b", "ub"), null));
        graph.Process(GraphEvent.Observed(GraphEventType.Add, Obj("Pod", "p", "up", Ref("a", "ua"), Ref("b", "ub")), null));
        a = graph.Read("ua", n => n)!;
        b = graph.Read("ub", n => n)!;
        _toDelete.Clear();
        return graph;
    }

    [Theory]
    [InlineData("the same references")]
    [InlineData("the same references in another order")]
    public void AnUpdate_WithTheSameOwners_ChangesNothing(string name)
    {
        var graph = Graph(out var a, out var b);
        var before = graph.Read("up", n => n.Owners)!;
        var owners = name.Contains("order") ? new[] { Ref("b", "ub"), Ref("a", "ua") } : new[] { Ref("a", "ua"), Ref("b", "ub") };

        graph.Process(GraphEvent.Observed(GraphEventType.Update, Obj("Pod", "p", "up", owners), null));

        Assert.Same(before, graph.Read("up", n => n.Owners));
        Assert.Single(a.Dependents);
        Assert.Single(b.Dependents);
        Assert.Empty(_toDelete);
    }

    [Fact]
    public void AnUpdate_WithoutAnOwner_RemovesTheDependentFromIt()
    {
        var graph = Graph(out var a, out var b);

        graph.Process(GraphEvent.Observed(GraphEventType.Update, Obj("Pod", "p", "up", Ref("a", "ua")), null));

        Assert.Single(a.Dependents);
        Assert.Empty(b.Dependents);
        Assert.Equal(["ua"], graph.Read("up", n => n.Owners.Select(o => o.Uid).ToList()));
    }

    [Fact]
    public void AnUpdate_ThatStopsBlocking_AnOwnerDeletingItsDependents_LetsTheCollectorLookAtTheOwner()
    {
        var graph = Graph(out var a, out _);
        a.DeletingDependents = true;

        graph.Process(GraphEvent.Observed(GraphEventType.Update, Obj("Pod", "p", "up", Ref("a", "ua", block: false), Ref("b", "ub")), null));

        Assert.Equal(["ua"], _toDelete);
        Assert.False(graph.Read("up", n => n.Owners[0].BlockOwnerDeletion));
    }
}
