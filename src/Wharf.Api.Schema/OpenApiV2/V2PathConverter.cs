using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApiV2;

/// <summary>
/// Turns the v3 <c>paths</c> the shared <c>PathWriter</c> produces into swagger 2.0 paths, so both documents
/// always describe the same operations: a request body becomes an <c>in: body</c> parameter and <c>consumes</c>,
/// response content becomes <c>schema</c> and <c>produces</c>, parameter schemas move inline.
/// </summary>
internal static class V2PathConverter
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch"];

    public static JsonObject Convert(JsonObject v3Paths)
    {
        var paths = new JsonObject();
        foreach (var (path, item) in v3Paths)
        {
            var v2Item = new JsonObject();
            foreach (var (key, value) in (JsonObject)item!)
            {
                if (key == "parameters") v2Item[key] = Parameters((JsonArray)value!, null);
                else if (Methods.Contains(key)) v2Item[key] = Operation((JsonObject)value!);
                else v2Item[key] = V2Refs.FromV3(value);
            }
            paths[path] = v2Item;
        }
        return paths;
    }

    private static JsonObject Operation(JsonObject v3)
    {
        var operation = new JsonObject();
        var body = v3["requestBody"] as JsonObject;
        foreach (var (key, value) in v3)
        {
            switch (key)
            {
                case "requestBody":
                    operation["consumes"] = new JsonArray([.. ((JsonObject)body!["content"]!).Select(c => (JsonNode)c.Key)]);
                    break;
                case "parameters":
                    break;
                case "responses":
                    var (responses, produces) = Responses((JsonObject)value!);
                    operation["responses"] = responses;
                    if (produces.Count > 0) operation["produces"] = new JsonArray([.. produces.Select(p => (JsonNode)p)]);
                    break;
                default:
                    operation[key] = V2Refs.FromV3(value);
                    break;
            }
        }
        var parameters = Parameters(v3["parameters"] as JsonArray ?? [], body);
        if (parameters.Count > 0) operation["parameters"] = parameters;
        operation["schemes"] = new JsonArray("https");
        return operation;
    }

    /// <summary>The body parameter first, as upstream lists it, then the query parameters in their order.</summary>
    private static JsonArray Parameters(JsonArray v3, JsonObject? body)
    {
        var parameters = new JsonArray();
        if (body is not null)
        {
            // Every media type of one body carries the same schema; the first one stands for all.
            var schema = ((JsonObject)body["content"]!).First().Value!["schema"];
            parameters.Add(new JsonObject
            {
                ["in"] = "body",
                ["name"] = "body",
                ["required"] = body["required"]?.DeepClone() ?? true,
                ["schema"] = V2Refs.FromV3(schema),
            });
        }
        foreach (var parameter in v3.OfType<JsonObject>()) parameters.Add(Parameter(parameter));
        return parameters;
    }

    /// <summary>v2 non-body parameters carry their type facts inline instead of under <c>schema</c>.</summary>
    private static JsonObject Parameter(JsonObject v3)
    {
        var parameter = new JsonObject();
        foreach (var (key, value) in v3)
        {
            if (key == "schema" && value is JsonObject schema)
            {
                foreach (var (schemaKey, schemaValue) in schema) parameter[schemaKey] = V2Refs.FromV3(schemaValue);
            }
            else
            {
                parameter[key] = V2Refs.FromV3(value);
            }
        }
        return parameter;
    }

    private static (JsonObject Responses, List<string> Produces) Responses(JsonObject v3)
    {
        var responses = new JsonObject();
        var produces = new List<string>();
        foreach (var (code, value) in v3)
        {
            var v3Response = (JsonObject)value!;
            var response = new JsonObject { ["description"] = v3Response["description"]?.DeepClone() ?? "" };
            if (v3Response["content"] is JsonObject content && content.Count > 0)
            {
                response["schema"] = V2Refs.FromV3(content.First().Value!["schema"]);
                foreach (var (mediaType, _) in content)
                    if (!produces.Contains(mediaType)) produces.Add(mediaType);
            }
            responses[code] = response;
        }
        return (responses, produces);
    }
}
