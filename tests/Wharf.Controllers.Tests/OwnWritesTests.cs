using System.Text.Json.Nodes;

namespace Wharf.Controllers.Tests;

public sealed class OwnWritesTests
{
    private static JsonObject Version(string name, string resourceVersion) => new()
    {
        ["metadata"] = new JsonObject { ["namespace"] = "work", ["name"] = name, ["resourceVersion"] = resourceVersion },
    };

    [Theory]
    [InlineData("the written version", "web", "7", true)]
    [InlineData("a later version", "web", "8", false)]
    [InlineData("another object at that version", "api", "7", false)]
    public void RecognisesExactlyTheVersionAWriteProduced(string name, string objectName, string resourceVersion, bool own)
    {
        _ = name;
        var writes = new OwnWrites();
        writes.Record(Version("web", "7"));

        Assert.Equal(own, writes.IsOwn(Version(objectName, resourceVersion)));
    }

    [Fact]
    public void EachVersionIsRecognisedOnce_AndForgettingDropsTheObject()
    {
        var writes = new OwnWrites();
        writes.Record(Version("web", "7"));
        writes.Record(Version("web", "9"));

        Assert.True(writes.IsOwn(Version("web", "7")));
        Assert.False(writes.IsOwn(Version("web", "7")));
        writes.Forget("work/web");
        Assert.False(writes.IsOwn(Version("web", "9")));
        Assert.Equal(0, writes.Count);
    }

    [Fact]
    public void KeepsOnlyTheLatestFewVersionsOfAnObject()
    {
        var writes = new OwnWrites();
        for (var rv = 1; rv <= 5; rv++) writes.Record(Version("web", rv.ToString()));

        Assert.False(writes.IsOwn(Version("web", "1")));
        Assert.All(new[] { "2", "3", "4", "5" }, rv => Assert.True(writes.IsOwn(Version("web", rv))));
        Assert.Equal(0, writes.Count);
    }
}
