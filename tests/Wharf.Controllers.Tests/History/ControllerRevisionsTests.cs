using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Controllers.History;

namespace Wharf.Controllers.Tests.History;

public sealed class ControllerRevisionsTests
{
    private static JsonNode Data(string image) => JsonNode.Parse(
        """{"spec":{"template":{"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"main","image":"IMAGE"}]},"$patch":"replace"}}}""".Replace("IMAGE", image))!;

    private static JsonObject Parent(string name = "web") => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "work", ["uid"] = "u-1" },
    };

    private static JsonObject Revision(string name, long revision, string image = "nginx:1", string created = "2026-01-01T00:00:00Z") => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = created },
        ["data"] = Data(image),
        ["revision"] = revision,
    };

    [Fact]
    public void Hash_IsTheSameForEqualDataWrittenInAnotherFieldOrder()
    {
        var reordered = JsonNode.Parse(
            """{"spec":{"template":{"$patch":"replace","spec":{"containers":[{"image":"nginx:1","name":"main"}]},"metadata":{"labels":{"tier":"front","app":"web"}}}}}""");

        Assert.Equal(ControllerRevisions.Hash(Data("nginx:1"), null), ControllerRevisions.Hash(reordered, null));
        Assert.Equal(ControllerRevisions.Hash(Data("nginx:1"), 3), ControllerRevisions.Hash(reordered, 3));
    }

    [Theory]
    [InlineData("other data", "nginx:2", null)]
    [InlineData("a collision count", "nginx:1", 0)]
    [InlineData("another collision count", "nginx:1", 1)]
    public void Hash_ChangesWith(string _, string image, int? collisionCount)
    {
        Assert.NotEqual(ControllerRevisions.Hash(Data("nginx:1"), null), ControllerRevisions.Hash(Data(image), collisionCount));
    }

    [Fact]
    public void Hash_IsFnv32OfTheBytesThenTheCountsDecimalText_SafeEncoded()
    {
        // FNV-1 32 of "1" (data "1" is canonical JSON for the number) then "7": computed by hand from the definition.
        var expected = 2166136261u;
        foreach (var b in "17"u8.ToArray()) expected = unchecked((expected * 16777619u) ^ b);
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var encoded = string.Concat(expected.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => alphabet[c % alphabet.Length]));

        Assert.Equal(encoded, ControllerRevisions.Hash(JsonValue.Create(1), 7));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", ControllerRevisions.Hash(Data("nginx:1"), null));
    }

    [Theory]
    [InlineData("short parent", 3, 3)]
    [InlineData("parent at the limit", 223, 223)]
    [InlineData("long parent is cut", 300, 223)]
    public void Name_IsPrefixDashHash_WithinTheLimit(string _, int prefixLength, int keptLength)
    {
        Assert.Equal(new string('p', keptLength) + "-abc", ControllerRevisions.Name(new string('p', prefixLength), "abc"));
    }

    [Fact]
    public void New_CarriesTemplateLabelsHashLabelOwnerAndNumber()
    {
        var labels = new JsonObject { ["app"] = "web" };

        var revision = ControllerRevisions.New(Parent(), Resource.StatefulSets, labels, Data("nginx:1"), 4, null);

        var hash = ControllerRevisions.Hash(Data("nginx:1"), null);
        Assert.Equal("web-" + hash, ObjectMeta.Name(revision));
        Assert.Equal(hash, ObjectMeta.Label(revision, ControllerRevisions.HashLabel));
        Assert.Equal("web", ObjectMeta.Label(revision, "app"));
        Assert.False(labels.ContainsKey(ControllerRevisions.HashLabel));
        Assert.Equal(4, ControllerRevisions.Revision(revision));
        var owner = revision["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("StatefulSet", owner["kind"]!.GetValue<string>());
        Assert.True(owner["controller"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("nginx:1", true)]
    [InlineData("nginx:2", false)]
    public void Equal_ComparesData_NotNamesOrNumbers(string image, bool equal)
    {
        Assert.Equal(equal, ControllerRevisions.Equal(Revision("web-a", 1), Revision("web-b", 7, image)));
        Assert.Equal(equal ? 1 : 0, ControllerRevisions.FindEqual([Revision("web-a", 1), Revision("web-c", 2, "nginx:3")], Revision("x", 9, image)).Count);
    }

    [Fact]
    public void Sort_ByRevisionThenCreationThenName_AndNextRevisionFollowsTheLast()
    {
        var sorted = ControllerRevisions.Sort([
            Revision("c", 2, created: "2026-01-02T00:00:00Z"),
            Revision("b", 2, created: "2026-01-01T00:00:00Z"),
            Revision("a", 2, created: "2026-01-01T00:00:00Z"),
            Revision("z", 1),
        ]);

        Assert.Equal(["z", "a", "b", "c"], sorted.Select(r => ObjectMeta.Name(r)));
        Assert.Equal(3, ControllerRevisions.NextRevision(sorted));
        Assert.Equal(1, ControllerRevisions.NextRevision([]));
    }

    [Theory]
    [InlineData("limit keeps the newest two", 2, "", "r1,r2,r3")]
    [InlineData("live ones are neither counted nor deleted", 1, "r1,r5", "r2,r3")]
    [InlineData("under the limit nothing goes", 10, "", "")]
    [InlineData("limit zero deletes all history", 0, "r5", "r1,r2,r3,r4")]
    public void Excess_DeletesOldestNonLiveBeyondTheLimit(string _, int limit, string live, string expected)
    {
        var sorted = Enumerable.Range(1, 5).Select(i => Revision("r" + i, i)).ToList();
        var liveSet = live.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

        var excess = ControllerRevisions.Excess(sorted, liveSet, limit);

        Assert.Equal(expected, string.Join(",", excess.Select(r => ObjectMeta.Name(r))));
    }
}
