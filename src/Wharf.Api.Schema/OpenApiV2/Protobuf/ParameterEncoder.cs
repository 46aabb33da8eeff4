using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApiV2.Protobuf;

/// <summary>
/// Encodes an operation or path parameter as gnostic <c>ParametersItem</c>: a <c>$ref</c> becomes a
/// <c>JsonReference</c>; <c>in: body</c> a <c>BodyParameter</c>; the rest a <c>NonBodyParameter</c> whose sub-schema
/// depends on <c>in</c>. Query and formData sub-schemas have <c>allow_empty_value</c> at 5 and every later field one
/// number higher than in the header and path sub-schemas.
/// </summary>
internal static class ParameterEncoder
{
    public static void WriteItem(ProtoWriter w, JsonObject parameter)
    {
        if (ProtoJson.String(parameter["$ref"]) is { } reference)
        {
            w.Message(2, r =>
            {
                r.String(1, reference);
                r.String(2, ProtoJson.String(parameter["description"]));
            });
            return;
        }
        w.Message(1, p =>
        {
            var location = ProtoJson.String(parameter["in"]);
            if (location == "body")
                p.Message(1, body => Body(body, parameter));
            else
                p.Message(2, nonBody => nonBody.Message(SubSchemaField(location), sub => NonBody(sub, parameter, location)));
        });
    }

    private static void Body(ProtoWriter w, JsonObject parameter)
    {
        w.String(1, ProtoJson.String(parameter["description"]));
        w.String(2, ProtoJson.String(parameter["name"]));
        w.String(3, "body");
        w.Bool(4, ProtoJson.Bool(parameter["required"]));
        if (parameter["schema"] is JsonObject schema) w.Message(5, s => SchemaEncoder.Write(s, schema));
        ProtoJson.Extensions(w, 6, parameter);
    }

    private static int SubSchemaField(string? location) => location switch
    {
        "header" => 1,
        "formData" => 2,
        "query" => 3,
        "path" => 4,
        _ => throw new InvalidOperationException($"parameter location {location} has no swagger 2.0 encoding"),
    };

    private static void NonBody(ProtoWriter w, JsonObject parameter, string? location)
    {
        var allowsEmpty = location is "query" or "formData";
        var o = allowsEmpty ? 1 : 0;
        w.Bool(1, ProtoJson.Bool(parameter["required"]));
        w.String(2, location);
        w.String(3, ProtoJson.String(parameter["description"]));
        w.String(4, ProtoJson.String(parameter["name"]));
        if (allowsEmpty) w.Bool(5, ProtoJson.Bool(parameter["allowEmptyValue"]));
        w.String(5 + o, ProtoJson.String(parameter["type"]));
        w.String(6 + o, ProtoJson.String(parameter["format"]));
        if (parameter["items"] is JsonObject items) w.Message(7 + o, i => PrimitivesItems(i, items));
        w.String(8 + o, ProtoJson.String(parameter["collectionFormat"]));
        if (parameter.ContainsKey("default")) ProtoJson.Any(w, 9 + o, parameter["default"]);
        w.Double(10 + o, ProtoJson.Double(parameter["maximum"]));
        w.Bool(11 + o, ProtoJson.Bool(parameter["exclusiveMaximum"]));
        w.Double(12 + o, ProtoJson.Double(parameter["minimum"]));
        w.Bool(13 + o, ProtoJson.Bool(parameter["exclusiveMinimum"]));
        w.Int64(14 + o, ProtoJson.Int64(parameter["maxLength"]));
        w.Int64(15 + o, ProtoJson.Int64(parameter["minLength"]));
        w.String(16 + o, ProtoJson.String(parameter["pattern"]));
        w.Int64(17 + o, ProtoJson.Int64(parameter["maxItems"]));
        w.Int64(18 + o, ProtoJson.Int64(parameter["minItems"]));
        w.Bool(19 + o, ProtoJson.Bool(parameter["uniqueItems"]));
        ProtoJson.RepeatedAny(w, 20 + o, parameter["enum"]);
        w.Double(21 + o, ProtoJson.Double(parameter["multipleOf"]));
        ProtoJson.Extensions(w, 22 + o, parameter);
    }

    private static void PrimitivesItems(ProtoWriter w, JsonObject items)
    {
        w.String(1, ProtoJson.String(items["type"]));
        w.String(2, ProtoJson.String(items["format"]));
        if (items["items"] is JsonObject nested) w.Message(3, i => PrimitivesItems(i, nested));
        w.String(4, ProtoJson.String(items["collectionFormat"]));
        if (items.ContainsKey("default")) ProtoJson.Any(w, 5, items["default"]);
        w.Bool(15, ProtoJson.Bool(items["uniqueItems"]));
        ProtoJson.RepeatedAny(w, 16, items["enum"]);
        ProtoJson.Extensions(w, 18, items);
    }
}
