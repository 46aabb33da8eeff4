using System.Text.Json.Nodes;
using Wharf.Api.Schema.Descriptions;

namespace Wharf.Api.Schema.OpenApiV2;

/// <summary>
/// Built-in definitions as upstream serves them in swagger 2.0: the table's schema with the type's description and
/// each property's description beside it (also beside a <c>$ref</c>, which v2 documents allow).
/// </summary>
internal sealed class BuiltInDefinitions(ApiSchema schema, SchemaDescriptions? descriptions)
{
    public JsonObject Definition(string definitionName)
    {
        var definition = (JsonObject)JsonNode.Parse(schema.GetDefinition(definitionName).GetRawText())!;
        if (descriptions is null) return definition;
        if (descriptions.ForDefinition(definitionName) is { } text) definition["description"] = text;
        if (definition["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
                if (property is JsonObject field && descriptions.ForProperty(definitionName, name) is { } fieldText)
                    field["description"] = fieldText;
        }
        return definition;
    }
}
