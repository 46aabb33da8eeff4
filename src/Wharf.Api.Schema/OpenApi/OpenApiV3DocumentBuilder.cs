using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Wharf.Api.Schema.Descriptions;

namespace Wharf.Api.Schema.OpenApi;

/// <summary>
/// Builds the OpenAPI v3 document of one group-version (<c>/openapi/v3/apis/apps/v1</c>): what kubectl reads to
/// decide that PATCH supports <c>fieldValidation</c> (server-side validation for apply/create/replace/edit) and
/// what <c>kubectl explain</c> walks.
/// </summary>
public sealed class OpenApiV3DocumentBuilder
{
    private static readonly Lazy<OpenApiV3DocumentBuilder> LazyDefault =
        new(() => new OpenApiV3DocumentBuilder(ApiSchema.Default, SchemaDescriptions.Default));

    private readonly ApiSchema _schema;
    private readonly V3SchemaConverter _converter;

    public OpenApiV3DocumentBuilder(ApiSchema schema, SchemaDescriptions? descriptions = null)
    {
        _schema = schema;
        _converter = new V3SchemaConverter(schema, descriptions);
    }

    /// <summary>The builder over the embedded table with package descriptions.</summary>
    public static OpenApiV3DocumentBuilder Default => LazyDefault.Value;

    /// <param name="resources">The resources served in this group-version; custom resources carry their schema.</param>
    public GroupVersionDocument Build(string group, string version, IEnumerable<ServedResource> resources)
    {
        // Checked as each is written, so the first bad resource in plural order is the one reported.
        var served = resources.OrderBy(r => r.Plural, StringComparer.Ordinal).Select(InGroupVersion);
        var paths = new ServedResourcePaths(_schema, CustomResourceSchemas.Kind, CustomResourceSchemas.List);
        paths.Write(served);

        var components = new JsonObject();
        foreach (var (name, schema) in paths.CustomDefinitions) components[name] = schema;
        foreach (var name in _converter.Reachable(paths.BuiltIns)) components[name] = _converter.ConvertDefinition(name);

        var document = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths.Paths,
            ["components"] = new JsonObject { ["schemas"] = components },
        };
        var content = CanonicalJson.Serialize(document);
        var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
        return new GroupVersionDocument(path, content, Convert.ToHexString(SHA512.HashData(content)));

        ServedResource InGroupVersion(ServedResource resource) =>
            resource.Group == group && resource.Version == version
                ? resource
                : throw new ArgumentException($"{resource.GroupVersionKind} is not in {group}/{version}", nameof(resources));
    }
}
