using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.JsonTrees;

namespace Wharf.JsonTrees.Tests;

/// <summary>The reader as converters use it: on a reader they drive, a repeated name keeping its last value.</summary>
public sealed class JsonTreeReaderTests
{
    private static JsonObject ReadObject(ReadOnlySpan<byte> json, bool skipManagedFields = false)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var obj = new JsonTreeReader(JsonNamePool.Shared, skipManagedFields).ReadObject(ref reader);
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        return obj;
    }

    [Theory]
    [InlineData("small object", """{"a":1,"b":{"c":"x","c":"y"},"a":2}""", """{"a":2,"b":{"c":"y"}}""")]
    [InlineData("object built at its size", """{"a":1,"b":[1],"c":{"x":1},"d":"s","a":{"y":2},"e":5}""", """{"a":{"y":2},"b":[1],"c":{"x":1},"d":"s","e":5}""")]
    [InlineData("repeated twice", """{"a":1,"b":2,"c":3,"d":4,"a":5,"a":[6]}""", """{"a":[6],"b":2,"c":3,"d":4}""")]
    public void ReadObject_RepeatedName_KeepsTheFirstPlaceAndTheLastValue(string label, string json, string expected)
    {
        _ = label;

        var read = ReadObject(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(expected, read.ToJsonString());
        Assert.All(read, p => Assert.Same(read, p.Value!.Parent));
        Assert.Equal(0, PendingNodes.ForThread.MemberMark);
    }

    [Fact]
    public void ReadObject_NotOnAnObject_Throws()
    {
        var reader = new Utf8JsonReader("[1]"u8);
        reader.Read();

        try
        {
            new JsonTreeReader(JsonNamePool.Shared).ReadObject(ref reader);
            Assert.Fail("an array is not an object");
        }
        catch (JsonException e)
        {
            Assert.Contains("StartArray", e.Message);
        }
    }

    [Fact]
    public void ReadValue_LeavesTheReaderOnTheValuesLastToken()
    {
        var reader = new Utf8JsonReader("""[{"a":[1,2]},"s",3]"""u8);
        reader.Read();
        reader.Read();
        var values = new JsonTreeReader(JsonNamePool.Shared);

        var first = values.ReadValue(ref reader);
        reader.Read();
        var second = values.ReadValue(ref reader);

        Assert.Equal("""{"a":[1,2]}""", first!.ToJsonString());
        Assert.Equal("s", second!.GetValue<string>());
        Assert.True(reader.Read());
        Assert.Equal(JsonTokenType.Number, reader.TokenType);
    }

    [Theory]
    [InlineData("skipped at the top", true, """{"metadata":{"name":"a","managedFields":[{"manager":"m","fieldsV1":{"f:x":{}}}],"uid":"u"}}""", """{"metadata":{"name":"a","uid":"u"}}""")]
    [InlineData("kept when not asked", false, """{"metadata":{"managedFields":[{"manager":"m"}]}}""", """{"metadata":{"managedFields":[{"manager":"m"}]}}""")]
    [InlineData("kept below the top", true, """{"spec":{"template":{"metadata":{"managedFields":[1]}}},"items":{"metadata":{"managedFields":2}}}""", """{"spec":{"template":{"metadata":{"managedFields":[1]}}},"items":{"metadata":{"managedFields":2}}}""")]
    [InlineData("metadata not an object", true, """{"metadata":null,"x":1}""", """{"metadata":null,"x":1}""")]
    public void ReadObject_SkipsOnlyTheTopLevelManagedFields(string label, bool skip, string json, string expected)
    {
        _ = label;

        Assert.Equal(expected, ReadObject(System.Text.Encoding.UTF8.GetBytes(json), skip).ToJsonString());
    }

    [Fact]
    public void ReadObject_FailedRead_LeavesNothingPending()
    {
        var reader = new Utf8JsonReader("""{"a":{"b":[1,{"c":"\ud800"}]}}"""u8);
        reader.Read();

        try
        {
            new JsonTreeReader(JsonNamePool.Shared).ReadObject(ref reader);
            Assert.Fail("an unpaired surrogate does not decode");
        }
        catch (InvalidOperationException)
        {
        }

        Assert.Equal(0, PendingNodes.ForThread.MemberMark);
        Assert.Equal(0, PendingNodes.ForThread.ItemMark);
    }
}
