using System.Text.Json.Nodes;
using Wharf.Controllers.EndpointSlice;

namespace Wharf.Controllers.Tests.EndpointSlice;

public sealed class SliceReconcilerTests
{
    private static readonly JsonArray Ports = new(new JsonObject { ["name"] = "http", ["port"] = 80, ["protocol"] = "TCP" });

    private static JsonObject Endpoint(int i, bool ready = true) => new()
    {
        ["addresses"] = new JsonArray($"10.0.{i / 250}.{i % 250}"),
        ["conditions"] = new JsonObject { ["ready"] = ready },
        ["targetRef"] = new JsonObject { ["uid"] = $"uid-{i}" },
    };

    private static DesiredSlices Desired(IEnumerable<int> endpoints, Func<int, bool>? ready = null)
    {
        var desired = new DesiredSlices();
        foreach (var i in endpoints) desired.Add("IPv4", (JsonArray)Ports.DeepClone(), Endpoint(i, ready?.Invoke(i) ?? true));
        return desired;
    }

    private static JsonObject Slice(string name, IEnumerable<int> endpoints) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject() },
        ["addressType"] = "IPv4",
        ["ports"] = Ports.DeepClone(),
        ["endpoints"] = new JsonArray(endpoints.Select(i => (JsonNode)Endpoint(i)).ToArray()),
    };

    private static SlicePlan Plan(DesiredSlices desired, params JsonObject[] existing) =>
        new SliceReconciler().Plan(desired, existing,
            (type, ports) => new JsonObject { ["metadata"] = new JsonObject(), ["addressType"] = type, ["ports"] = ports },
            _ => true, _ => { });

    [Theory]
    [InlineData(0, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(250, 3)]
    public void NewService_GetsSlicesOfAtMostOneHundred(int endpoints, int slices)
    {
        var plan = Plan(Desired(Enumerable.Range(0, endpoints)));

        Assert.Equal(slices, plan.Create.Count);
        Assert.Equal(endpoints, plan.Create.Sum(s => s["endpoints"]!.AsArray().Count));
        Assert.Empty(plan.Update);
    }

    [Fact]
    public void UnchangedEndpoints_NeedNoWrite()
    {
        var plan = Plan(Desired(Enumerable.Range(0, 10)), Slice("s1", Enumerable.Range(0, 10)));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void ChangedAndRemovedEndpoints_RewriteOnlyTheirSlice()
    {
        var desired = Desired(Enumerable.Range(0, 100).Concat(Enumerable.Range(101, 49)), ready: i => i != 150);
        var plan = Plan(desired, Slice("full", Enumerable.Range(0, 100)), Slice("half", Enumerable.Range(100, 50)));

        var update = Assert.Single(plan.Update);
        Assert.Equal("half", update["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(49, update["endpoints"]!.AsArray().Count);
        Assert.Empty(plan.Create);
        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void NewEndpoints_FillAnUnchangedSliceWhenAllFit()
    {
        var plan = Plan(Desired(Enumerable.Range(0, 15)), Slice("s1", Enumerable.Range(0, 10)));

        var update = Assert.Single(plan.Update);
        Assert.Equal(15, update["endpoints"]!.AsArray().Count);
        Assert.Empty(plan.Create);
    }

    [Fact]
    public void NoEndpointsLeft_KeepsOnePlaceholder()
    {
        var plan = Plan(Desired([]), Slice("s1", Enumerable.Range(0, 3)));
        plan.Recycle();

        // The placeholder reuses the slice that would have been deleted.
        Assert.Empty(plan.Delete);
        Assert.Empty(plan.Create);
        var update = Assert.Single(plan.Update);
        Assert.Equal("s1", update["metadata"]!["name"]!.GetValue<string>());
        Assert.Empty(update["endpoints"]!.AsArray());
    }
}
