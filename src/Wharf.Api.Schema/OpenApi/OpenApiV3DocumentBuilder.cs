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
        var served = resources.OrderBy(r => r.Plural, StringComparer.Ordinal).ToList();
        var paths = new JsonObject();
        var components = new JsonObject();
        var builtIns = new List<string>(PathWriter.SharedDefinitions);

        foreach (var resource in served)
        {
            if (resource.Group != group || resource.Version != version)
                throw new ArgumentException($"{resource.GroupVersionKind} is not in {group}/{version}", nameof(resources));
            var writer = new PathWriter(paths, protobuf: !resource.IsCustomResource);
            if (resource.IsCustomResource)
            {
                var kindName = CustomResourceSchemas.Name(resource.GroupVersionKind);
                var listName = CustomResourceSchemas.Name(resource.ListGroupVersionKind);
                components[kindName] = CustomResourceSchemas.Kind(resource);
                components[listName] = CustomResourceSchemas.List(resource);
                builtIns.AddRange([CustomResourceSchemas.ObjectMeta, CustomResourceSchemas.ListMeta]);
                writer.Write(resource, kindName, listName, gvk => SubresourceSchema(gvk, resource, kindName, builtIns));
                continue;
            }

            if (!_schema.TryGetDefinitionName(resource.GroupVersionKind, out var kind))
                throw new ArgumentException($"no schema for {resource.GroupVersionKind}", nameof(resources));
            _schema.TryGetDefinitionName(resource.ListGroupVersionKind, out var list);
            builtIns.Add(kind);
            if (list is not null) builtIns.Add(list);
            writer.Write(resource, kind, list, gvk => SubresourceSchema(gvk, resource, kind, builtIns));
        }

        foreach (var name in _converter.Reachable(builtIns)) components[name] = _converter.ConvertDefinition(name);

        var document = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = components },
        };
        var content = CanonicalJson.Serialize(document);
        var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
        return new GroupVersionDocument(path, content, Convert.ToHexString(SHA512.HashData(content)));
    }

    /// <summary>Schema of a subresource's kind: the parent's own for status, a built-in (Scale…) otherwise.</summary>
    private string? SubresourceSchema(GroupVersionKind gvk, ServedResource parent, string parentSchema, List<string> builtIns)
    {
        if (gvk == parent.GroupVersionKind) return parentSchema;
        if (!_schema.TryGetDefinitionName(gvk, out var name)) return null;
        // Connect option kinds (PodExecOptions…) are query parameters, not bodies.
        if (gvk.Kind.EndsWith("Options", StringComparison.Ordinal)) return null;
        builtIns.Add(name);
        return name;
    }
}
