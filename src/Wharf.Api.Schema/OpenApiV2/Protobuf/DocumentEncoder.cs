using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApiV2.Protobuf;

/// <summary>
/// Encodes a swagger 2.0 document (as JSON nodes) into the gnostic <c>openapi.v2.Document</c> protobuf message that
/// kubectl requests from <c>/openapi/v2</c>. Field numbers are those of gnostic's openapiv2/OpenAPIv2.proto; maps
/// become repeated <c>Named…</c> entries in the document's key order.
/// </summary>
internal static class DocumentEncoder
{
    private static readonly (string Method, int Field)[] Methods =
        [("get", 2), ("put", 3), ("post", 4), ("delete", 5), ("options", 6), ("head", 7), ("patch", 8)];

    public static byte[] Encode(JsonObject document)
    {
        var w = new ProtoWriter();
        w.String(1, ProtoJson.String(document["swagger"]));
        if (document["info"] is JsonObject info) w.Message(2, i => Info(i, info));
        w.String(3, ProtoJson.String(document["host"]));
        w.String(4, ProtoJson.String(document["basePath"]));
        foreach (var scheme in ProtoJson.Strings(document["schemes"])) w.String(5, scheme, always: true);
        foreach (var type in ProtoJson.Strings(document["consumes"])) w.String(6, type, always: true);
        foreach (var type in ProtoJson.Strings(document["produces"])) w.String(7, type, always: true);
        if (document["paths"] is JsonObject paths) w.Message(8, p => Paths(p, paths));
        if (document["definitions"] is JsonObject definitions) w.Message(9, d => SchemaEncoder.Named(d, 1, definitions));
        if (document["security"] is JsonArray security)
            foreach (var requirement in security.OfType<JsonObject>()) w.Message(12, r => SecurityRequirement(r, requirement));
        if (document["securityDefinitions"] is JsonObject securityDefinitions)
            w.Message(13, s => SecurityDefinitions(s, securityDefinitions));
        ProtoJson.Extensions(w, 16, document);
        return w.ToArray();
    }

    private static void Info(ProtoWriter w, JsonObject info)
    {
        w.String(1, ProtoJson.String(info["title"]));
        w.String(2, ProtoJson.String(info["version"]));
        w.String(3, ProtoJson.String(info["description"]));
        w.String(4, ProtoJson.String(info["termsOfService"]));
        ProtoJson.Extensions(w, 7, info);
    }

    private static void Paths(ProtoWriter w, JsonObject paths)
    {
        ProtoJson.Extensions(w, 1, paths);
        foreach (var (path, item) in paths)
        {
            if (path.StartsWith("x-", StringComparison.Ordinal) || item is not JsonObject pathItem) continue;
            w.Message(2, named =>
            {
                named.String(1, path, always: true);
                named.Message(2, p => PathItem(p, pathItem));
            });
        }
    }

    private static void PathItem(ProtoWriter w, JsonObject item)
    {
        w.String(1, ProtoJson.String(item["$ref"]));
        foreach (var (method, field) in Methods)
            if (item[method] is JsonObject operation) w.Message(field, o => Operation(o, operation));
        Parameters(w, 9, item["parameters"]);
        ProtoJson.Extensions(w, 10, item);
    }

    private static void Operation(ProtoWriter w, JsonObject operation)
    {
        foreach (var tag in ProtoJson.Strings(operation["tags"])) w.String(1, tag, always: true);
        w.String(2, ProtoJson.String(operation["summary"]));
        w.String(3, ProtoJson.String(operation["description"]));
        w.String(5, ProtoJson.String(operation["operationId"]));
        foreach (var type in ProtoJson.Strings(operation["produces"])) w.String(6, type, always: true);
        foreach (var type in ProtoJson.Strings(operation["consumes"])) w.String(7, type, always: true);
        Parameters(w, 8, operation["parameters"]);
        if (operation["responses"] is JsonObject responses) w.Message(9, r => Responses(r, responses));
        foreach (var scheme in ProtoJson.Strings(operation["schemes"])) w.String(10, scheme, always: true);
        w.Bool(11, ProtoJson.Bool(operation["deprecated"]));
        ProtoJson.Extensions(w, 13, operation);
    }

    private static void Parameters(ProtoWriter w, int field, JsonNode? parameters)
    {
        if (parameters is not JsonArray list) return;
        foreach (var parameter in list.OfType<JsonObject>()) w.Message(field, p => ParameterEncoder.WriteItem(p, parameter));
    }

    private static void Responses(ProtoWriter w, JsonObject responses)
    {
        foreach (var (code, value) in responses)
        {
            if (code.StartsWith("x-", StringComparison.Ordinal) || value is not JsonObject response) continue;
            w.Message(1, named =>
            {
                named.String(1, code, always: true);
                named.Message(2, v => v.Message(1, r => Response(r, response)));
            });
        }
        ProtoJson.Extensions(w, 2, responses);
    }

    private static void Response(ProtoWriter w, JsonObject response)
    {
        w.String(1, ProtoJson.String(response["description"]));
        if (response["schema"] is JsonObject schema) w.Message(2, item => item.Message(1, s => SchemaEncoder.Write(s, schema)));
        ProtoJson.Extensions(w, 5, response);
    }

    /// <summary><c>SecurityRequirement</c>: repeated <c>NamedStringArray</c> (name 1, <c>StringArray</c> 2).</summary>
    private static void SecurityRequirement(ProtoWriter w, JsonObject requirement)
    {
        foreach (var (name, scopes) in requirement)
            w.Message(1, named =>
            {
                named.String(1, name, always: true);
                named.Message(2, array => { foreach (var scope in ProtoJson.Strings(scopes)) array.String(1, scope, always: true); });
            });
    }

    /// <summary>Only API-key schemes are served (bearer tokens); they are case 2 of <c>SecurityDefinitionsItem</c>.</summary>
    private static void SecurityDefinitions(ProtoWriter w, JsonObject definitions)
    {
        foreach (var (name, value) in definitions)
        {
            if (value is not JsonObject definition || ProtoJson.String(definition["type"]) != "apiKey") continue;
            w.Message(1, named =>
            {
                named.String(1, name, always: true);
                named.Message(2, item => item.Message(2, key =>
                {
                    key.String(1, "apiKey");
                    key.String(2, ProtoJson.String(definition["name"]));
                    key.String(3, ProtoJson.String(definition["in"]));
                    key.String(4, ProtoJson.String(definition["description"]));
                    ProtoJson.Extensions(key, 5, definition);
                }));
            });
        }
    }
}
