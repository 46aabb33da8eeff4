using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Managed.Typed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// The shortcuts of the update path must not change a result: a comparison that skips ignored and equal subtrees
/// equals the full comparison with the ignored paths taken out afterwards, value equality of parsed values equals
/// equality of the values themselves, set differences that share subtrees leave their inputs alone, and tracking in
/// place writes what tracking into a copy writes.
/// </summary>
public sealed class UpdateShortcutTests
{
    private const string Pod = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'default','uid':'u1','labels':{'app':'web'},"
        + "'managedFields':[{'manager':'m','operation':'Update','apiVersion':'v1','time':'2025-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}}]},"
        + "'spec':{'containers':[{'name':'c1','image':'nginx','ports':[{'containerPort':80,'protocol':'TCP'}]}],'nodeName':'n1'},"
        + "'status':{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'True'}]}}";

    [Theory]
    [InlineData("status changed, spec ignored", "{'status':{'phase':'Running','podIP':'10.0.0.1'}}", "spec")]
    [InlineData("spec and status changed, status ignored", "{'spec':{'nodeName':'n2'},'status':{'phase':'Running'}}", "status")]
    [InlineData("condition added to a keyed list, spec ignored", "{'status':{'conditions':[{'type':'PodScheduled','status':'True'},{'type':'Ready','status':'True'}]}}", "spec")]
    [InlineData("container image changed, managedFields skipped", "{'spec':{'containers':[{'name':'c1','image':'nginx:2','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}", "metadata.managedFields")]
    [InlineData("label removed and one added, nothing ignored", "{'metadata':{'labels':{'app':null,'tier':'fe'}}}", "")]
    [InlineData("nothing changed", "{}", "spec")]
    public void Compare_SkippingIgnoredAndEqualSubtrees_EqualsFullCompareWithoutIgnored(string name, string mergePatch, string ignoredPath)
    {
        var live = J.Obj(Pod);
        var updated = (JsonObject)Wharf.Api.Patch.MergePatch.JsonMergePatch.Apply(live, J.Parse(mergePatch))!;
        var ignored = ignoredPath.Length == 0 ? null : FieldSet.Of(FieldPath.Of(ignoredPath.Split('.')));

        var full = ObjectComparer.Compare(live, updated, TestSchemas.Pod);
        var expected = ignored is null ? full : full.Excluding(ignored);
        var actual = ObjectComparer.Compare(live, updated, TestSchemas.Pod, ignored);

        Assert.True(expected.Added.SetEquals(actual.Added), $"{name}: added {actual.Added} vs {expected.Added}");
        Assert.True(expected.Removed.SetEquals(actual.Removed), $"{name}: removed {actual.Removed} vs {expected.Removed}");
        Assert.True(expected.Modified.SetEquals(actual.Modified), $"{name}: modified {actual.Modified} vs {expected.Modified}");
    }

    [Theory]
    [InlineData("escaped and plain string", "\"\\u00e9t\\u00e9\"", "\"été\"", true)]
    [InlineData("different strings", "\"a\"", "\"b\"", false)]
    [InlineData("string prefix", "\"ab\"", "\"abc\"", false)]
    [InlineData("integer and decimal form", "1", "1.0", true)]
    [InlineData("integer and exponent form", "10", "1e1", true)]
    [InlineData("different integers", "1", "2", false)]
    [InlineData("largest long", "9223372036854775807", "9223372036854775807", true)]
    [InlineData("beyond long", "9223372036854775808", "9223372036854775809", false)]
    [InlineData("negative integers", "-5", "-5", true)]
    public void DeepEquals_OfParsedValues_IsValueEquality(string name, string left, string right, bool equal)
    {
        var parsed = (JsonNodes.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right)), JsonNodes.DeepEquals(JsonNode.Parse(right), JsonNode.Parse(left)));
        Assert.True((equal, equal) == parsed, $"{name}: {parsed}");
        // A value built in code (not parsed) compares the same way against a parsed one.
        var built = JsonNode.Parse(left)!.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? JsonValue.Create(JsonNode.Parse(left)!.GetValue<string>())
            : JsonNode.Parse(left);
        Assert.True(equal == JsonNodes.DeepEquals(built, JsonNode.Parse(right)), $"{name}: built value");
    }

    [Fact]
    public void Difference_SharingSubtrees_LeavesItsInputUnchangedByLaterUnions()
    {
        var owned = FieldSet.Of(FieldPath.Of("spec", "replicas"), FieldPath.Of("spec", "template", "image"), FieldPath.Of("metadata", "labels", "app"));
        var before = owned.ToString();

        var rest = owned.Difference(FieldSet.Of(FieldPath.Of("metadata", "labels", "app")));
        var grown = rest.Union(FieldSet.Of(FieldPath.Of("spec", "template", "command"), FieldPath.Of("spec", "paused")));

        Assert.Equal(before, owned.ToString());
        Assert.False(rest.Has(FieldPath.Of("spec", "template", "command")));
        Assert.True(grown.Has(FieldPath.Of("spec", "template", "command")));
        Assert.True(grown.Has(FieldPath.Of("spec", "template", "image")));
    }

    [Theory]
    [InlineData("status subresource write", "status", "{'status':{'phase':'Running','conditions':[{'type':'PodScheduled','status':'True'},{'type':'Ready','status':'True'}]}}")]
    [InlineData("main resource write", null, "{'metadata':{'labels':{'tier':'fe'}},'spec':{'containers':[{'name':'c1','image':'nginx:2','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}")]
    [InlineData("write that changes nothing", null, "{}")]
    public void UpdateInPlace_WritesWhatUpdateWrites(string name, string? subresource, string mergePatch)
    {
        var ignored = FieldSet.Of(FieldPath.Of(subresource is null ? "status" : "spec"));
        var manager = new FieldManager(TestSchemas.Pod, new FieldManagerOptions { IgnoredFields = ignored });
        var live = J.Obj(Pod);
        var updated = (JsonObject)Wharf.Api.Patch.MergePatch.JsonMergePatch.Apply(live, J.Parse(mergePatch))!;
        var owner = new FieldOwner("kubelet", "v1", new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), subresource);

        var copy = manager.Update(live, updated, owner);
        manager.UpdateInPlace(live, updated, owner);

        Assert.True(copy.ToJsonString() == updated.ToJsonString(), $"{name}:\n{copy.ToJsonString()}\n{updated.ToJsonString()}");
        Assert.Equal(J.Obj(Pod).ToJsonString(), live.ToJsonString());
    }
}
