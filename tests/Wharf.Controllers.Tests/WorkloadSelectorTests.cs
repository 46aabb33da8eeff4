using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests;

public sealed class WorkloadSelectorTests
{
    private static JsonObject Owner(JsonNode selector) => new() { ["spec"] = new JsonObject { ["selector"] = selector } };

    private static JsonObject Labelled(string app) => new() { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } } };

    [Fact]
    public void ReadsSpecSelector()
    {
        var selector = WorkloadSelector.Read(Owner(new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } }), "work/web", NullLogger.Instance);

        Assert.NotNull(selector);
        Assert.True(selector.MatchesObject(Labelled("web")));
        Assert.False(selector.MatchesObject(Labelled("db")));
    }

    [Fact]
    public void ASelectorThatDoesNotParse_LeavesTheOwnerAlone()
    {
        var broken = new JsonObject
        {
            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "app", ["operator"] = "Near", ["values"] = new JsonArray("web") }),
        };

        Assert.Null(WorkloadSelector.Read(Owner(broken), "work/web", NullLogger.Instance));
    }

    [Fact]
    public void UsesTheGivenSelector_ForKindsThatKeepItElsewhere()
    {
        var rc = new JsonObject { ["spec"] = new JsonObject { ["selector"] = new JsonObject { ["app"] = "web" } } };

        var selector = WorkloadSelector.Read(rc, "work/web", NullLogger.Instance, o => SelectorMatcher.FromMap(o["spec"]?["selector"]));

        Assert.True(selector!.MatchesObject(Labelled("web")));
    }
}
