using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApiV2.Protobuf;

/// <summary>Encodes a swagger 2.0 schema as gnostic <c>openapi.v2.Schema</c> (field numbers from OpenAPIv2.proto).</summary>
internal static class SchemaEncoder
{
    public static void Write(ProtoWriter w, JsonObject schema)
    {
        w.String(1, ProtoJson.String(schema["$ref"]));
        w.String(2, ProtoJson.String(schema["format"]));
        w.String(3, ProtoJson.String(schema["title"]));
        w.String(4, ProtoJson.String(schema["description"]));
        if (schema.ContainsKey("default")) ProtoJson.Any(w, 5, schema["default"]);
        w.Double(6, ProtoJson.Double(schema["multipleOf"]));
        w.Double(7, ProtoJson.Double(schema["maximum"]));
        w.Bool(8, ProtoJson.Bool(schema["exclusiveMaximum"]));
        w.Double(9, ProtoJson.Double(schema["minimum"]));
        w.Bool(10, ProtoJson.Bool(schema["exclusiveMinimum"]));
        w.Int64(11, ProtoJson.Int64(schema["maxLength"]));
        w.Int64(12, ProtoJson.Int64(schema["minLength"]));
        w.String(13, ProtoJson.String(schema["pattern"]));
        w.Int64(14, ProtoJson.Int64(schema["maxItems"]));
        w.Int64(15, ProtoJson.Int64(schema["minItems"]));
        w.Bool(16, ProtoJson.Bool(schema["uniqueItems"]));
        w.Int64(17, ProtoJson.Int64(schema["maxProperties"]));
        w.Int64(18, ProtoJson.Int64(schema["minProperties"]));
        foreach (var required in ProtoJson.Strings(schema["required"])) w.String(19, required, always: true);
        ProtoJson.RepeatedAny(w, 20, schema["enum"]);
        switch (schema["additionalProperties"])
        {
            case JsonObject values:
                w.Message(21, item => item.Message(1, s => Write(s, values)));
                break;
            case JsonValue flag:
                w.Message(21, item => item.Bool(2, ProtoJson.Bool(flag), always: true));
                break;
        }
        if (schema.ContainsKey("type"))
            w.Message(22, type => { foreach (var name in ProtoJson.Strings(schema["type"])) type.String(1, name, always: true); });
        switch (schema["items"])
        {
            case JsonObject single:
                w.Message(23, items => items.Message(1, s => Write(s, single)));
                break;
            case JsonArray several:
                w.Message(23, items => { foreach (var each in several.OfType<JsonObject>()) items.Message(1, s => Write(s, each)); });
                break;
        }
        if (schema["allOf"] is JsonArray allOf)
            foreach (var part in allOf.OfType<JsonObject>()) w.Message(24, s => Write(s, part));
        if (schema["properties"] is JsonObject properties)
            w.Message(25, props => Named(props, 1, properties));
        w.String(26, ProtoJson.String(schema["discriminator"]));
        w.Bool(27, ProtoJson.Bool(schema["readOnly"]));
        if (schema.ContainsKey("example")) ProtoJson.Any(w, 30, schema["example"]);
        ProtoJson.Extensions(w, 31, schema);
    }

    /// <summary>A map of schemas as repeated <c>NamedSchema</c> (name 1, value 2): properties and definitions.</summary>
    public static void Named(ProtoWriter w, int field, JsonObject schemas)
    {
        foreach (var (name, value) in schemas)
        {
            if (value is not JsonObject schema) continue;
            w.Message(field, named =>
            {
                named.String(1, name, always: true);
                named.Message(2, s => Write(s, schema));
            });
        }
    }
}
