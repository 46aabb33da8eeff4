using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// The set operations over sorted member and child lists, and unions and differences that share subtrees or return
/// an input: the paths each result holds, its FieldsV1 (element order), and inputs left as they were.
/// </summary>
public sealed class FieldSetOperationsTests
{
    private const string Labels = "{'f:metadata':{'f:labels':{'.':{},'f:app':{},'f:tier':{}}}}";
    private const string Containers = "{'f:spec':{'f:containers':{'k:{\\'name\\':\\'b\\'}':{'.':{},'f:image':{}},'k:{\\'name\\':\\'d\\'}':{'.':{},'f:name':{}}}}}";
    private const string Mixed = "{'f:metadata':{'f:labels':{'f:app':{},'f:zone':{}},'f:name':{}},'f:spec':{'f:containers':{'k:{\\'name\\':\\'a\\'}':{'.':{}},'k:{\\'name\\':\\'d\\'}':{'f:image':{}}},'f:replicas':{}}}";
    private const string Empty = "{}";

    public static TheoryData<string, string> Pairs => new()
    {
        { Labels, Containers },
        { Labels, Mixed },
        { Containers, Mixed },
        { Mixed, Mixed },
        { Labels, Empty },
        { Empty, Mixed },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Union_HoldsThePathsOfBoth_InElementOrder_AndLeavesItsInputs(string left, string right)
    {
        var a = Decode(left);
        var b = Decode(right);

        var union = a.Union(b);

        Assert.Equal(Sorted(PathsOf(left).Union(PathsOf(right))), Sorted(Texts(union)));
        Assert.Equal(Canonical(union), FieldsV1.Encode(union).ToJsonString());
        Assert.Equal(FieldsV1.Encode(Decode(left)).ToJsonString(), FieldsV1.Encode(a).ToJsonString());
        Assert.Equal(FieldsV1.Encode(Decode(right)).ToJsonString(), FieldsV1.Encode(b).ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void DifferenceAndIntersection_HoldWhatTheirPathsSay(string left, string right)
    {
        var a = Decode(left);
        var b = Decode(right);

        Assert.Equal(Sorted(PathsOf(left).Except(PathsOf(right))), Sorted(Texts(a.Difference(b))));
        Assert.Equal(Sorted(PathsOf(left).Intersect(PathsOf(right))), Sorted(Texts(a.Intersection(b))));
        Assert.Equal(FieldsV1.Encode(Decode(left)).ToJsonString(), FieldsV1.Encode(a).ToJsonString());
    }

    [Fact]
    public void Insert_InAnyOrder_KeepsElementOrder_AndFindsEveryPath()
    {
        var paths = new[]
        {
            FieldPath.Of("spec", "replicas"),
            FieldPath.Of("metadata", "name"),
            FieldPath.Of("spec", "selector"),
            FieldPath.Of("apiVersion"),
            FieldPath.Of("metadata", "labels"),
            FieldPath.Of("kind"),
            FieldPath.Of("spec", "paused"),
        };
        var forward = FieldSet.Of(paths);
        var backward = FieldSet.Of(paths.Reverse().ToArray());

        Assert.Equal(FieldsV1.Encode(forward).ToJsonString(), FieldsV1.Encode(backward).ToJsonString());
        Assert.All(paths, p => Assert.True(backward.Has(p), p.ToString()));
        Assert.False(backward.Has(FieldPath.Of("spec", "template")));
        Assert.False(backward.Has(FieldPath.Of("metadata")));
        Assert.False(backward.Has(FieldPath.Of("status", "replicas")));
        Assert.Equal("{\"f:apiVersion\":{},\"f:kind\":{},\"f:metadata\":{\"f:labels\":{},\"f:name\":{}},\"f:spec\":{\"f:paused\":{},\"f:replicas\":{},\"f:selector\":{}}}",
            FieldsV1.Encode(backward).ToJsonString());
    }

    private static FieldSet Decode(string fields) => FieldsV1.Decode(J.Parse(fields));

    private static IEnumerable<string> PathsOf(string fields) => Texts(Decode(fields));

    private static IEnumerable<string> Texts(FieldSet set) => set.Paths().Select(p => p.ToString());

    private static string[] Sorted(IEnumerable<string> paths) => paths.Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The FieldsV1 of a set rebuilt path by path into a fresh set (nothing shared with any input).</summary>
    private static string Canonical(FieldSet set) => FieldsV1.Encode(FieldSet.Of(set.Paths().ToArray())).ToJsonString();
}
