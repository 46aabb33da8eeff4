using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Cache;

namespace Wharf.Client.Tests.Cache;

public sealed class JsonTreeConverterTests
{
    private static JsonObject Read(string json, bool skipManagedFields = false) =>
        JsonSerializer.Deserialize<JsonObject>(Encoding.UTF8.GetBytes(json), JsonTreeConverter.Options(skipManagedFields))!;

    [Theory]
    [InlineData("pod", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n","labels":{"app":"x"},"ownerReferences":[{"uid":"u","controller":true}]},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}],"nodeName":null},"status":{"phase":"Running"}}""")]
    [InlineData("numbers of every shape", """{"a":0,"b":-1,"c":1.5,"d":1e3,"e":12345678901234,"f":[1,2,3],"g":123456789}""")]
    [InlineData("escapes and unicode", """{"k\u0065y":"v\"q\\u","\u00e9":"\u00fc\n","emoji":"\ud83d\ude00"}""")]
    [InlineData("empty containers", """{"o":{},"a":[],"n":null,"t":true,"f":false}""")]
    [InlineData("nested arrays", """{"a":[[1,[2]],{"b":[{}]},null,"s"]}""")]
    public void Read_EqualsAParseOfTheSameText(string label, string json)
    {
        _ = label;

        var read = Read(json);

        var parsed = JsonNode.Parse(json)!.AsObject();
        Assert.True(JsonNode.DeepEquals(parsed, read), read.ToJsonString());
        Assert.Equal(parsed.ToJsonString(), read.ToJsonString());
    }

    [Theory]
    [InlineData("small int", "5")]
    [InlineData("shared twice", "30")]
    [InlineData("large", "9007199254740993")]
    public void Read_NumbersReadAsEveryNumericType(string label, string number)
    {
        _ = label;

        var read = Read($$"""{"a":{{number}},"b":{{number}}}""");

        Assert.Equal(decimal.Parse(number), read["a"]!.GetValue<decimal>());
        Assert.Equal(long.Parse(number), read["b"]!.GetValue<long>());
        if (int.TryParse(number, out var i)) Assert.Equal(i, read["a"]!.GetValue<int>());
        Assert.Equal(JsonValueKind.Number, read["a"]!.GetValueKind());
    }

    [Fact]
    public void Read_RepeatedName_KeepsTheLastValue()
    {
        var read = Read("""{"a":1,"b":{"c":"x","c":"y"},"a":2}""");

        Assert.Equal("""{"a":2,"b":{"c":"y"}}""", read.ToJsonString());
    }

    [Fact]
    public void Read_StringsAndBooleansAreValuesOfTheirKind()
    {
        var read = Read("""{"s":"x","t":true}""");

        Assert.Equal("x", read["s"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, read["s"]!.GetValueKind());
        Assert.True(read["t"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(true, """{"metadata":{"name":"a","managedFields":[{"manager":"m"}]}}""", """{"metadata":{"name":"a"}}""")]
    [InlineData(false, """{"metadata":{"name":"a","managedFields":[{"manager":"m"}]}}""", """{"metadata":{"name":"a","managedFields":[{"manager":"m"}]}}""")]
    public void Options_SkipManagedFieldsOnlyWhenAsked(bool skip, string json, string expected) =>
        Assert.Equal(expected, Read(json, skip).ToJsonString());
}
