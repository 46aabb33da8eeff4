using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Wharf.Api.Schema.Descriptions;
using Wharf.Api.Schema.OpenApi;
using Wharf.Api.Schema.OpenApiV2.Protobuf;

namespace Wharf.Api.Schema.OpenApiV2;

/// <summary>
/// Builds the one swagger 2.0 document of <c>/openapi/v2</c> for everything served: kubectl downloads it (as
/// protobuf) for client-side validation when a v3 document does not advertise <c>fieldValidation</c>. Operations
/// come from the same writer as the v3 documents; definitions from the same schema table and descriptions.
/// </summary>
public sealed class OpenApiV2DocumentBuilder
{
    private static readonly Lazy<OpenApiV2DocumentBuilder> LazyDefault =
        new(() => new OpenApiV2DocumentBuilder(ApiSchema.Default, SchemaDescriptions.Default));

    private readonly ApiSchema _schema;
    private readonly BuiltInDefinitions _definitions;
    private readonly V3SchemaConverter _references;

    public OpenApiV2DocumentBuilder(ApiSchema schema, SchemaDescriptions? descriptions = null)
    {
        _schema = schema;
        _definitions = new BuiltInDefinitions(schema, descriptions);
        _references = new V3SchemaConverter(schema, null);
    }

    /// <summary>The builder over the embedded table with package descriptions.</summary>
    public static OpenApiV2DocumentBuilder Default => LazyDefault.Value;

    /// <param name="resources">Every served resource of every group-version; custom resources carry their schema.</param>
    public OpenApiV2Document Build(IEnumerable<ServedResource> resources)
    {
        var document = BuildJson(resources);
        var json = CanonicalJson.Serialize(document);
        // Encoded from the serialized form so both encodings list maps in the same (ordinal) order.
        var protobuf = DocumentEncoder.Encode((JsonObject)JsonNode.Parse(json)!);
        return new OpenApiV2Document(json, ETag(json), protobuf, ETag(protobuf));
    }

    /// <summary>The document as JSON nodes, keys in the order they are serialized.</summary>
    internal JsonObject BuildJson(IEnumerable<ServedResource> resources)
    {
        var ordered = resources
            .OrderBy(r => r.Group, StringComparer.Ordinal)
            .ThenBy(r => r.Version, StringComparer.Ordinal)
            .ThenBy(r => r.Plural, StringComparer.Ordinal);
        var paths = new ServedResourcePaths(_schema, CustomResourceV2Schemas.Kind, CustomResourceV2Schemas.List);
        paths.Write(ordered);

        var definitions = paths.CustomDefinitions;
        foreach (var name in _references.Reachable(paths.BuiltIns)) definitions[name] = _definitions.Definition(name);

        var definitionsNode = new JsonObject();
        foreach (var (name, definition) in definitions) definitionsNode[name] = definition;
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = V2PathConverter.Convert(paths.Paths),
            ["definitions"] = definitionsNode,
            ["securityDefinitions"] = new JsonObject
            {
                ["BearerToken"] = new JsonObject
                {
                    ["description"] = "Bearer Token authentication",
                    ["in"] = "header",
                    ["name"] = "authorization",
                    ["type"] = "apiKey",
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
    }

    private static string ETag(byte[] content) => Convert.ToHexString(SHA512.HashData(content));
}
