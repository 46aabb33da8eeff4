using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Tests.Managed;

public sealed class JsonScratchTests
{
    [Fact]
    public void Parse_GivesWhatWasWritten_AndAReusedScratchStartsEmpty()
    {
        using (var first = JsonScratch.Rent())
        {
            first.Writer.WriteStartObject();
            first.Writer.WriteString("a", "x<y");
            first.Writer.WriteEndObject();
            Assert.Equal("{\"a\":\"x\\u003Cy\"}", first.Parse()!.ToJsonString());
        }

        using var second = JsonScratch.Rent();
        second.Writer.WriteStartArray();
        second.Writer.WriteNumberValue(1);
        second.Writer.WriteEndArray();
        Assert.Equal("[1]", second.Parse()!.ToJsonString());
    }

    [Fact]
    public void Rent_WhileInUse_GivesAnotherScratch()
    {
        using var outer = JsonScratch.Rent();
        outer.Writer.WriteStartArray();
        using (var inner = JsonScratch.Rent())
        {
            Assert.NotSame(outer, inner);
            inner.Writer.WriteStringValue("inner");
            Assert.Equal("inner", inner.Parse()!.GetValue<string>());
        }

        outer.Writer.WriteStringValue("outer");
        outer.Writer.WriteEndArray();
        Assert.Equal(new JsonArray("outer").ToJsonString(), outer.Parse()!.ToJsonString());
    }

    [Fact]
    public void Parse_DeepDocument_IsAccepted()
    {
        using var scratch = JsonScratch.Rent();
        for (var i = 0; i < 300; i++) scratch.Writer.WriteStartArray();
        for (var i = 0; i < 300; i++) scratch.Writer.WriteEndArray();
        Assert.NotNull(scratch.Parse());
    }
}
