using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// Equality and hashing of key, value and index elements, whose identity is made on first use: elements equal by
/// value (key fields in any order, numbers by value) are equal with one hash, whichever is hashed first, and
/// others are not.
/// </summary>
public sealed class PathElementIdentityTests
{
    [Fact]
    public void KeyedElements_WithTheSameFieldsInAnyOrder_AreEqual()
    {
        var forward = PathElement.Keyed([new("containerPort", JsonValue.Create(80)), new("protocol", JsonValue.Create("TCP"))]);
        var backward = PathElement.Keyed([new("protocol", JsonValue.Create("TCP")), new("containerPort", JsonValue.Create(80))]);
        var parsed = PathElement.Parse("k:{\"protocol\":\"TCP\",\"containerPort\":80}");

        Assert.Equal(forward.GetHashCode(), backward.GetHashCode());
        Assert.True(backward.Equals(forward) && parsed.Equals(forward) && forward.Equals(parsed));
        Assert.Equal("k:{\"containerPort\":80,\"protocol\":\"TCP\"}", parsed.Serialize());
        Assert.Equal(0, parsed.CompareTo(backward));
    }

    [Fact]
    public void KeyedElements_WithAnotherValueOrField_AreNotEqual()
    {
        var a = PathElement.Parse("k:{\"name\":\"a\"}");

        Assert.NotEqual(a, PathElement.Parse("k:{\"name\":\"b\"}"));
        Assert.NotEqual(a, PathElement.Parse("k:{\"type\":\"a\"}"));
        Assert.NotEqual(a, PathElement.Parse("k:{\"name\":\"a\",\"port\":1}"));
        Assert.NotEqual(a, PathElement.OfValue(JsonValue.Create("a")));
        Assert.NotEqual(a, PathElement.Field("name"));
    }

    [Fact]
    public void ValueAndIndexElements_EqualByValue()
    {
        var eighty = PathElement.Parse("v:80");
        var eightyPointZero = PathElement.Parse("v:80.0");

        Assert.Equal(eighty.GetHashCode(), eightyPointZero.GetHashCode());
        Assert.True(eighty.Equals(eightyPointZero));
        Assert.NotEqual(eighty, PathElement.Parse("v:\"80\""));
        Assert.Equal(PathElement.OfIndex(3), PathElement.Parse("i:3"));
        Assert.NotEqual(PathElement.OfIndex(3), PathElement.OfIndex(4));
        Assert.Equal(new HashSet<PathElement> { eighty, eightyPointZero, PathElement.OfIndex(3), PathElement.Parse("i:3") }.Count, 2);
    }
}
