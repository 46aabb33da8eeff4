using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// Decoded fieldsV1 sets are shared by their text: a hit is the set decoding gives, a shared set cannot be built
/// further (so no write can change it under another), invalid sets are never held, and the cache stays bounded.
/// </summary>
[Collection(SharedCachesCollection.Name)]
public sealed class DecodedFieldsCacheTests
{
    private const string StatusFields = "{'f:status':{'f:conditions':{'.':{},'k:{\\'type\\':\\'Available\\'}':{'.':{},'f:status':{},'f:type':{}}},'f:replicas':{}}}";

    [Fact]
    public void TheSameText_DecodesToOneSharedFrozenSet_AsDecodingGives()
    {
        var first = DecodedFieldsCache.Decode(J.Parse(StatusFields)!.AsObject());
        var second = DecodedFieldsCache.Decode(J.Parse(StatusFields)!.AsObject());

        Assert.Same(first, second);
        Assert.True(first.IsFrozen);
        Assert.Equal(FieldsV1.Encode(FieldsV1.Decode(J.Parse(StatusFields))).ToJsonString(), FieldsV1.Encode(first).ToJsonString());
    }

    [Fact]
    public void ASharedSet_RefusesToBeBuiltFurther_AtEveryLevel()
    {
        var shared = DecodedFieldsCache.Decode(J.Parse(StatusFields)!.AsObject());
        var before = FieldsV1.Encode(shared).ToJsonString();
        var conditions = shared.Child(PathElement.Field("status")).Child(PathElement.Field("conditions"));

        Assert.Throws<InvalidOperationException>(() => shared.Insert(FieldPath.Of("spec")));
        Assert.Throws<InvalidOperationException>(() => conditions.Insert(FieldPath.Of("x")));
        Assert.Throws<InvalidOperationException>(() => shared.RemoveInPlace(FieldSet.Of(FieldPath.Of("status", "replicas"))));
        Assert.Equal(before, FieldsV1.Encode(shared).ToJsonString());
    }

    [Fact]
    public void SetOperations_OnASharedSet_LeaveItAsItWas()
    {
        var shared = DecodedFieldsCache.Decode(J.Parse(StatusFields)!.AsObject());
        var before = FieldsV1.Encode(shared).ToJsonString();
        var other = FieldSet.Of(FieldPath.Of("status", "replicas"), FieldPath.Of("status", "readyReplicas"));

        var union = shared.Union(other);
        _ = shared.Difference(other).Union(shared).RecursiveDifference(other).Intersection(union);

        Assert.Equal(before, FieldsV1.Encode(shared).ToJsonString());
        Assert.True(union.Has(FieldPath.Of("status", "readyReplicas")));
    }

    [Fact]
    public void AnInvalidSet_IsRejectedEveryTime()
    {
        var invalid = J.Parse("{'f:status':{'k:{oops':{}}}")!.AsObject();

        Assert.Throws<PatchException>(() => DecodedFieldsCache.Decode(invalid));
        Assert.Throws<PatchException>(() => DecodedFieldsCache.Decode(invalid));
    }

    [Fact]
    public void ManyDistinctTexts_KeepTheCacheBounded()
    {
        for (var i = 0; i < 3 * DecodedFieldsCache.MaxEntries; i++)
        {
            DecodedFieldsCache.Decode(new JsonObject { ["f:n" + i] = new JsonObject() });
        }

        // Other tests may add a few texts at the same time.
        Assert.InRange(DecodedFieldsCache.Count, 1, DecodedFieldsCache.MaxEntries + 64);
    }
}
