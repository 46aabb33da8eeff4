using System.Text;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Rest;

public sealed class TypedJsonTests
{
    [Theory]
    [InlineData("type first", """{"type":"MODIFIED","object":{"kind":"ConfigMap","metadata":{"name":"a","namespace":"n","resourceVersion":"7"},"data":{"k":"v"}}}""")]
    [InlineData("object first", """{"object":{"metadata":{"name":"a","namespace":"n","resourceVersion":"7"},"data":{"k":"v"}},"type":"MODIFIED"}""")]
    [InlineData("unknown envelope field", """{"type":"MODIFIED","extra":[1,{"x":2}],"object":{"metadata":{"name":"a","namespace":"n","resourceVersion":"7"},"data":{"k":"v"}}}""")]
    public void Event_IsReadStraightIntoTheModel(string name, string line)
    {
        _ = name;
        var ev = TypedJson.ParseEvent<ConfigMapModel>(Encoding.UTF8.GetBytes(line), ConfigMapModel.Json);
        Assert.Equal(WatchEventType.Modified, ev.Type);
        Assert.Null(ev.Status);
        Assert.Equal(("n", "a", "7"), (ev.Object!.Metadata!.Namespace, ev.Object.Metadata.Name, ev.Object.Metadata.ResourceVersion));
        Assert.Equal("v", ev.Object.Data!["k"]);
    }

    [Fact]
    public void ErrorEvent_KeepsTheStatus()
    {
        var line = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old"}}""";
        var ev = TypedJson.ParseEvent<ConfigMapModel>(Encoding.UTF8.GetBytes(line), ConfigMapModel.Json);
        Assert.Equal(WatchEventType.Error, ev.Type);
        Assert.Null(ev.Object);
        var error = ApiException.FromStatus(ev.Status!);
        Assert.True(error.IsGone);
    }

    [Theory]
    [InlineData("no type", """{"object":{"metadata":{"name":"a"}}}""")]
    [InlineData("no object", """{"type":"ADDED"}""")]
    [InlineData("unknown type", """{"type":"RENAMED","object":{"metadata":{"name":"a"}}}""")]
    [InlineData("not an object", """[1,2]""")]
    public void MalformedEvent_IsRefused(string name, string line)
    {
        _ = name;
        Assert.Throws<FormatException>(() => TypedJson.ParseEvent<ConfigMapModel>(Encoding.UTF8.GetBytes(line), ConfigMapModel.Json));
    }

    [Theory]
    [InlineData("last page", """{"kind":"ConfigMapList","metadata":{"resourceVersion":"42","continue":""},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"},"data":{"k":"2"}}]}""", null)]
    [InlineData("more to come, items first", """{"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"},"data":{"k":"2"}}],"metadata":{"continue":"tok","resourceVersion":"42"}}""", "tok")]
    public void List_ReadsItemsVersionAndContinue(string name, string body, string? continueToken)
    {
        _ = name;
        var list = TypedJson.ParseList<ConfigMapModel>(Encoding.UTF8.GetBytes(body), ConfigMapModel.Json);
        Assert.Equal(["a", "b"], list.Items.Select(i => i.Metadata!.Name));
        Assert.Equal("2", list.Items[1].Data!["k"]);
        Assert.Equal("42", list.ResourceVersion);
        Assert.Equal(continueToken, list.Continue);
    }

    [Fact]
    public void List_WithNullItems_IsEmpty()
    {
        var list = TypedJson.ParseList<ConfigMapModel>("""{"metadata":{"resourceVersion":"3"},"items":null}"""u8.ToArray(), ConfigMapModel.Json);
        Assert.Empty(list.Items);
        Assert.Equal("3", list.ResourceVersion);
    }
}
