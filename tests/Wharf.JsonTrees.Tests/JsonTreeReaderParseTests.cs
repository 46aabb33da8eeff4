using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.JsonTrees;

namespace Wharf.JsonTrees.Tests;

/// <summary><see cref="JsonTreeReader.Parse"/> must answer as JsonNode.Parse does, with every node built.</summary>
public sealed class JsonTreeReaderParseTests
{
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 256 };

    [Theory]
    [InlineData("pod", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n","labels":{"app":"x"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"r","uid":"u","controller":true,"blockOwnerDeletion":true}]},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{}}],"nodeName":null,"terminationGracePeriodSeconds":30},"status":{"phase":"Running"}}""")]
    [InlineData("numbers of every shape", """{"a":0,"b":-1,"c":1.5,"d":1e3,"e":12345678901234,"f":[1,2,3],"g":123456789,"h":-0,"i":1.0,"j":1E-7,"k":123456789012345678901234567890,"l":-0.0}""")]
    [InlineData("escapes and unicode", """{"k\u0065y":"v\"q\\u","\u00e9":"\u00fc\n","emoji":"\ud83d\ude00","raw":"é ü 😀","html":"<a href='x'>&amp;</a>+"}""")]
    [InlineData("empty containers", """{"o":{},"a":[],"n":null,"t":true,"f":false}""")]
    [InlineData("nested arrays", """{"a":[[1,[2]],{"b":[{}]},null,"s"]}""")]
    [InlineData("whitespace around and inside", " \r\n\t{ \"a\" : [ 1 , 2 ] ,\n\"b\":{ } } \n ")]
    [InlineData("many members, built at their size", """{"m01":1,"m02":"2","m03":[3],"m04":{"x":4},"m05":null,"m06":true,"m07":7,"m08":8,"m09":9,"m10":10,"m11":11,"m12":12,"m13":13,"m14":14,"m15":15,"m16":16,"m17":17,"m18":18,"m19":19,"m20":20}""")]
    [InlineData("an array of objects", """[{"a":1,"b":2,"c":3,"d":4},{"a":1},{}]""")]
    [InlineData("a string", "\"s\"")]
    [InlineData("a number", "-12.50e+3")]
    [InlineData("true", "true")]
    public void Parse_AnswersAsJsonNodeParse(string label, string json)
    {
        _ = label;
        var utf8 = Encoding.UTF8.GetBytes(json);

        var read = JsonTreeReader.Parse(utf8);

        var parsed = JsonNode.Parse(utf8)!;
        Assert.True(JsonNode.DeepEquals(parsed, read), read!.ToJsonString());
        Assert.Equal(parsed.ToJsonString(), read.ToJsonString());
        Assert.Equal(JsonSerializer.Serialize(parsed), JsonSerializer.Serialize(read));
        Assert.Equal(Kinds(parsed), Kinds(read));
    }

    [Fact]
    public void Parse_Null_IsNull()
    {
        Assert.Null(JsonTreeReader.Parse(" null "u8));
    }

    [Fact]
    public void Parse_KeepsMemberOrder()
    {
        var read = JsonTreeReader.Parse("""{"z":1,"a":2,"m":3,"b":4,"y":5}"""u8)!.AsObject();

        Assert.Equal(["z", "a", "m", "b", "y"], read.Select(p => p.Key));
        Assert.All(read, p => Assert.Same(read, p.Value!.Parent));
    }

    [Theory]
    [InlineData("int", "7")]
    [InlineData("beyond long", "9007199254740993")]
    [InlineData("fraction", "1.0")]
    [InlineData("negative zero", "-0")]
    public void Parse_NumbersKeepTheirText_AndReadAsEveryNumericType(string label, string number)
    {
        _ = label;

        var read = JsonTreeReader.Parse(Encoding.UTF8.GetBytes($$"""{"a":{{number}},"b":[{{number}}]}"""))!;

        Assert.Equal(decimal.Parse(number), read["a"]!.GetValue<decimal>());
        Assert.Equal(double.Parse(number), read["b"]![0]!.GetValue<double>());
        Assert.Equal(number, read["a"]!.ToJsonString());
        Assert.Equal(JsonValueKind.Number, read["a"]!.GetValueKind());
        Assert.True(read["a"]!.AsValue().TryGetValue<JsonElement>(out _), "numbers stay document-backed, as a parse's");
    }

    [Fact]
    public void Parse_StringsAreDecodedOnce()
    {
        var read = JsonTreeReader.Parse("""{"s":"a\u00e9b","t":true}"""u8)!;

        Assert.True(read["s"]!.AsValue().TryGetValue<string>(out var s));
        Assert.Equal("aéb", s);
        Assert.False(read["s"]!.AsValue().TryGetValue<JsonElement>(out _));
        Assert.Equal(JsonValueKind.String, read["s"]!.GetValueKind());
        Assert.Equal(JsonValueKind.True, read["t"]!.GetValueKind());
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("blank", "  ")]
    [InlineData("truncated", """{"a":1""")]
    [InlineData("trailing comma", """{"a":1,}""")]
    [InlineData("comment", """{"a":1 /* c */}""")]
    [InlineData("single quotes", "{'a':1}")]
    [InlineData("bad literal", """{"a":tru}""")]
    [InlineData("bad number", """{"a":01}""")]
    [InlineData("a second value", """{"a":1} {"b":2}""")]
    [InlineData("garbage after", """{"a":1}x""")]
    [InlineData("unquoted name", """{a:1}""")]
    [InlineData("control character in a string", "{\"a\":\"x\ty\"}")]
    [InlineData("bad escape", """{"a":"\x"}""")]
    [InlineData("a syntax error after a repeated name", """{"a":1,"a":2,"b":}""")]
    [InlineData("a syntax error after a bad surrogate", """{"a":"\ud800","b":}""")]
    public void Parse_BadJson_ThrowsAsJsonNodeParse(string label, string json)
    {
        _ = label;
        var utf8 = Encoding.UTF8.GetBytes(json);

        var expected = Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(utf8));
        var actual = Assert.ThrowsAny<JsonException>(() => JsonTreeReader.Parse(utf8));

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(0, PendingNodes.ForThread.MemberMark);
        Assert.Equal(0, PendingNodes.ForThread.ItemMark);
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(0, 65)]
    [InlineData(256, 256)]
    [InlineData(256, 257)]
    public void Parse_DepthLimit_AsJsonNodeParse(int maxDepth, int depth)
    {
        var utf8 = Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
        var options = new JsonDocumentOptions { MaxDepth = maxDepth };

        var expected = Record.Exception(() => JsonNode.Parse(utf8, documentOptions: options));
        var actual = Record.Exception(() => JsonTreeReader.Parse(utf8, options));

        Assert.Equal(expected?.GetType(), actual?.GetType());
        Assert.Equal(expected?.Message, actual?.Message);
    }

    [Fact]
    public void Parse_DeepObject_WithinTheLimit()
    {
        var utf8 = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200));

        Assert.Equal(JsonNode.Parse(utf8, documentOptions: Deep)!.ToJsonString(), JsonTreeReader.Parse(utf8, Deep)!.ToJsonString());
    }

    [Theory]
    [InlineData("small object", """{"a":1,"a":2}""")]
    [InlineData("large object", """{"a":1,"b":2,"c":3,"d":4,"a":5}""")]
    [InlineData("nested", """{"x":{"a":1,"b":{"c":1,"c":2}}}""")]
    public void Parse_RepeatedName_FailsWhereTheObjectIsRead_AsJsonNodeParse(string label, string json)
    {
        _ = label;
        var utf8 = Encoding.UTF8.GetBytes(json);

        var expected = Assert.ThrowsAny<ArgumentException>(() => JsonTree(JsonNode.Parse(utf8)));
        var read = JsonTreeReader.Parse(utf8); // parses, as JsonNode.Parse does
        var actual = Assert.ThrowsAny<ArgumentException>(() => JsonTree(read));

        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(0, PendingNodes.ForThread.MemberMark);
    }

    [Fact]
    public void Parse_UnpairedSurrogate_FailsWhereTheStringIsRead_AsJsonNodeParse()
    {
        var utf8 = """{"ok":"x","bad":"\ud800"}"""u8.ToArray();

        var read = JsonTreeReader.Parse(utf8)!;

        Assert.Equal("x", read["ok"]!.GetValue<string>());
        var expected = Assert.Throws<InvalidOperationException>(() => JsonNode.Parse(utf8)!["bad"]!.GetValue<string>());
        var actual = Assert.Throws<InvalidOperationException>(() => read["bad"]!.GetValue<string>());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void Parse_AfterAFailedParse_StartsClean()
    {
        Assert.ThrowsAny<JsonException>(() => JsonTreeReader.Parse("""{"a":{"b":[1,{"c":2,"d":"#"""u8));

        var read = JsonTreeReader.Parse("""{"x":[true]}"""u8)!;

        Assert.Equal("""{"x":[true]}""", read.ToJsonString());
    }

    private static JsonValueKind[] Kinds(JsonNode? node) =>
        node switch
        {
            JsonObject o => [JsonValueKind.Object, .. o.SelectMany(p => Kinds(p.Value))],
            JsonArray a => [JsonValueKind.Array, .. a.SelectMany(Kinds)],
            null => [JsonValueKind.Null],
            _ => [node.GetValueKind()],
        };

    /// <summary>Reads every object of a tree, as a handler walking it would.</summary>
    private static void JsonTree(JsonNode? node)
    {
        var children = node as IEnumerable<JsonNode?> ?? (node as JsonObject)?.Select(p => p.Value) ?? [];
        foreach (var child in children) JsonTree(child);
    }
}
