using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Client.Tests.Meta;

public sealed class AnswerMetadataTests
{
    public static TheoryData<string> Answers => new()
    {
        """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-x1","namespace":"app","uid":"u-1","resourceVersion":"42","labels":{"name":"other"}},"spec":{"metadata":{"name":"inner"}}}""",
        """{"metadata":{"namespace":"","name":"n"}}""",
        """{"metadata":{"name":7,"uid":null,"resourceVersion":{"name":"x"},"namespace":["a"]}}""",
        """{"metadata":{"name":"caf\u00e9\"q\"","managedFields":[{"manager":"m","fieldsV1":{"f:metadata":{"f:name":{}}}}],"resourceVersion":"9"}}""",
        """{"kind":"Status","status":"Success"}""",
        """ { "metadata" : { "name" : "spaced" } } """,
        """{"metadata":null,"name":"top"}""",
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Read_IsWhatTheParsedAnswerSays(string answer)
    {
        var bytes = Encoding.UTF8.GetBytes(answer);
        var parsed = JsonNode.Parse(bytes)!.AsObject();
        Assert.Equal(AnswerMetadata.From(parsed), AnswerMetadata.Read(bytes));
    }

    [Fact]
    public void Read_FindsTheFields()
    {
        var read = AnswerMetadata.Read("""{"metadata":{"name":"web-x1","namespace":"app","uid":"u-1","resourceVersion":"42"}}"""u8);
        Assert.Equal(new AnswerMetadata("app", "web-x1", "u-1", "42"), read);
    }

    [Fact]
    public void Read_OfMetadataThatIsNoObject_FailsAsTheGettersDo()
    {
        var bytes = """{"metadata":"text","name":"top"}"""u8.ToArray();
        Assert.Throws<InvalidOperationException>(() => AnswerMetadata.From(JsonNode.Parse(bytes)!.AsObject()));
        Assert.Throws<InvalidOperationException>(() => AnswerMetadata.Read(bytes));
    }

    [Fact]
    public void Read_OfARepeatedName_TakesTheLast() =>
        Assert.Equal("last", AnswerMetadata.Read("""{"metadata":{"name":"first","name":"last"}}"""u8)!.Value.Name);

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void Read_OfAnotherValue_IsNull(string answer) => Assert.Null(AnswerMetadata.Read(Encoding.UTF8.GetBytes(answer)));

    [Theory]
    [InlineData("")]
    [InlineData("{\"metadata\":{\"name\":\"x\"}")]
    [InlineData("{\"metadata\":{\"name\":\"x\"}} trailing")]
    [InlineData("{\"a\":[1,}")]
    public void Read_OfTextThatIsNotJson_Throws(string answer)
    {
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(Encoding.UTF8.GetBytes(answer)));
        Assert.ThrowsAny<JsonException>(() => AnswerMetadata.Read(Encoding.UTF8.GetBytes(answer)));
    }
}
