using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>Both decodes of a stored object give the same object: only how its nodes are built differs.</summary>
public sealed class ObjectCodecTests
{
    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}],"terminationGracePeriodSeconds":30},"status":{"phase":"Running"}}""")]
    [InlineData("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","annotations":{"x":"\u00e9\u003c"}},"data":{"big":"1e400","n":"-0"},"binaryData":{}}""")]
    public void DecodeToCompare_EqualsDecode(string json)
    {
        var stored = new StoredObject("/registry/x", Encoding.UTF8.GetBytes(json), 42, 7);

        var lazy = ObjectCodec.Decode(stored);
        var built = ObjectCodec.DecodeToCompare(stored);

        Assert.Equal(JsonSerializer.Serialize(lazy), JsonSerializer.Serialize(built));
        Assert.True(JsonNode.DeepEquals(lazy, built));
        Assert.Equal("42", (string)built["metadata"]!["resourceVersion"]!);
        Assert.Equal(ObjectCodec.Encode(lazy), ObjectCodec.Encode(built));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[1]")]
    public void Decode_NotAnObject_Throws(string json)
    {
        var stored = new StoredObject("/registry/x", Encoding.UTF8.GetBytes(json), 1, 1);

        var lazy = Record.Exception(() => ObjectCodec.Decode(stored));
        var built = Record.Exception(() => ObjectCodec.DecodeToCompare(stored));

        Assert.NotNull(lazy);
        Assert.Equal(lazy.GetType(), built?.GetType());
        Assert.Equal(lazy.Message, built!.Message);
    }
}
