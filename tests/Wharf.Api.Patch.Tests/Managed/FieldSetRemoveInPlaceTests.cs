using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>Removing a set in place must leave what the copying difference returns, as the FieldsV1 encoding and the paths show.</summary>
public sealed class FieldSetRemoveInPlaceTests
{
    private const string ServerOwned = "{'f:apiVersion':{},'f:kind':{},'f:metadata':{'.':{},'f:name':{},'f:namespace':{},'f:uid':{},'f:creationTimestamp':{}}}";

    [Theory]
    [InlineData("a created ConfigMap", "{'f:apiVersion':{},'f:kind':{},'f:metadata':{'f:name':{},'f:namespace':{},'f:uid':{},'f:creationTimestamp':{}},'f:data':{'.':{},'f:a':{},'f:b':{}}}")]
    [InlineData("labels stay, name goes", "{'f:metadata':{'f:labels':{'.':{},'f:app':{}},'f:name':{}}}")]
    [InlineData("metadata itself a member, its child emptied", "{'f:metadata':{'.':{},'f:name':{}},'f:spec':{'f:replicas':{}}}")]
    [InlineData("only server-owned fields: empty", "{'f:apiVersion':{},'f:metadata':{'f:uid':{}}}")]
    [InlineData("nothing in common", "{'f:spec':{'f:template':{'f:metadata':{'f:name':{}}}}}")]
    public void RemoveInPlace_LeavesWhatDifferenceReturns(string name, string fields)
    {
        _ = name;
        var other = FieldsV1.Decode(J.Parse(ServerOwned));
        var expected = FieldsV1.Decode(J.Parse(fields)).Difference(other);
        var set = FieldsV1.Decode(J.Parse(fields));

        set.RemoveInPlace(other);

        Assert.Equal(expected.IsEmpty, set.IsEmpty);
        Assert.Equal(expected.Paths().Select(p => p.ToString()), set.Paths().Select(p => p.ToString()));
        Assert.Equal(FieldsV1.Encode(expected).ToJsonString(), FieldsV1.Encode(set).ToJsonString());
        Assert.Equal(FieldsV1.Encode(FieldsV1.Decode(J.Parse(ServerOwned))).ToJsonString(), FieldsV1.Encode(other).ToJsonString());
    }
}
