using System.Text.Json.Nodes;
using Wharf.Client.Cache;

namespace Wharf.Client.Tests.Cache;

public sealed class InformerTransformsTests
{
    [Theory]
    [InlineData("with managedFields", """{"metadata":{"name":"a","managedFields":[{"manager":"m"}],"uid":"u"},"data":{"k":"v"}}""", """{"metadata":{"name":"a","uid":"u"},"data":{"k":"v"}}""")]
    [InlineData("without managedFields", """{"metadata":{"name":"a"},"data":{}}""", """{"metadata":{"name":"a"},"data":{}}""")]
    [InlineData("without metadata", """{"data":{}}""", """{"data":{}}""")]
    public void StripManagedFields_RemovesOnlyManagedFields(string label, string json, string expected)
    {
        _ = label;

        var result = InformerTransforms.StripManagedFields(JsonNode.Parse(json)!.AsObject());

        Assert.Equal(expected, result.ToJsonString());
    }
}
