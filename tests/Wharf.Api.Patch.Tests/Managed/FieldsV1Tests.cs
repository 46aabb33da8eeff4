using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

public sealed class FieldsV1Tests
{
    [Theory]
    [InlineData("labels with self marker", "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}", ".metadata.labels|.metadata.labels.app")]
    [InlineData("keyed container item", "{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c1\\'}':{'.':{},'f:image':{},'f:name':{}}}}}", ".spec.containers[name=\"c1\"]|.spec.containers[name=\"c1\"].image|.spec.containers[name=\"c1\"].name")]
    [InlineData("composite key sorted by name", "{'f:ports':{'k:{\\'protocol\\':\\'TCP\\',\\'containerPort\\':80}':{}}}", ".ports[containerPort=80,protocol=\"TCP\"]")]
    [InlineData("set value item", "{'f:metadata':{'f:finalizers':{'v:\\'a\\'':{}}}}", ".metadata.finalizers[=\"a\"]")]
    [InlineData("index item", "{'f:args':{'i:2':{}}}", ".args[2]")]
    public void Decode_YieldsUpstreamPaths(string name, string fields, string paths)
    {
        _ = name;
        var set = FieldsV1.Decode(J.Parse(fields));
        Assert.Equal(paths.Split('|'), set.Paths().Select(p => p.ToString()).ToArray());
    }

    [Theory]
    [InlineData("update style", "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:replicas':{},'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c1\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}")]
    [InlineData("mixed element kinds in order", "{'f:a':{},'f:b':{'.':{},'f:c':{}},'k:{\\'x\\':1}':{},'v:\\'s\\'':{},'i:0':{}}")]
    public void EncodeDecode_RoundTripsInUpstreamOrder(string name, string fields)
    {
        _ = name;
        var original = J.Parse(fields);
        var encoded = FieldsV1.Encode(FieldsV1.Decode(original));
        Assert.Equal(original!.ToJsonString(), encoded.ToJsonString());
    }

    [Theory]
    [InlineData("unknown element type", "{'x:y':{}}")]
    [InlineData("bad key json", "{'k:{oops':{}}")]
    [InlineData("leaf not an object", "{'f:a':1}")]
    [InlineData("not an object", "[]")]
    public void Decode_RejectsInvalidSets(string name, string fields)
    {
        _ = name;
        Assert.Throws<PatchException>(() => FieldsV1.Decode(J.Parse(fields)));
    }

    [Fact]
    public void SetOperations_FollowUpstreamSemantics()
    {
        var a = FieldSet.Of(FieldPath.Of("spec", "replicas"), FieldPath.Of("spec", "paused"), FieldPath.Of("metadata"));
        var b = FieldSet.Of(FieldPath.Of("spec", "replicas"), FieldPath.Of("status"));

        Assert.Equal([".metadata", ".spec.paused"], a.Difference(b).Paths().Select(p => p.ToString()));
        Assert.Equal([".spec.replicas"], a.Intersection(b).Paths().Select(p => p.ToString()));
        Assert.Equal(5 - 1, a.Union(b).Paths().Count());
        Assert.Equal([".metadata"], a.RecursiveDifference(FieldSet.Of(FieldPath.Of("spec"))).Paths().Select(p => p.ToString()));
        Assert.True(a.Difference(a).IsEmpty);
    }
}
