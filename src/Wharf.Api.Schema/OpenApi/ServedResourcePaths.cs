using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApi;

/// <summary>
/// Writes the (v3-shaped) paths of served resources and collects the definitions they need: the custom resources'
/// own schemas and the names of the built-in ones. Shared by the v3 and v2 builders, which differ only in the
/// dialect a custom resource's schemas are rendered in and in what they make of the result.
/// </summary>
/// <param name="customKind">Renders a custom resource's kind schema in the document's dialect.</param>
/// <param name="customList">Renders a custom resource's list schema in the document's dialect.</param>
internal sealed class ServedResourcePaths(
    ApiSchema schema,
    Func<ServedResource, JsonObject> customKind,
    Func<ServedResource, JsonObject> customList)
{
    public JsonObject Paths { get; } = new();

    /// <summary>Custom resources' kind and list schemas by definition name, in ordinal order.</summary>
    public SortedDictionary<string, JsonObject> CustomDefinitions { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of the built-in definitions the paths refer to (with repeats); the roots of what to emit.</summary>
    public List<string> BuiltIns { get; } = new(PathWriter.SharedDefinitions);

    /// <summary>Writes each resource in the order given.</summary>
    public void Write(IEnumerable<ServedResource> resources)
    {
        foreach (var resource in resources)
        {
            var writer = new PathWriter(Paths, protobuf: !resource.IsCustomResource);
            if (resource.IsCustomResource)
            {
                var kindName = CustomResourceSchemas.Name(resource.GroupVersionKind);
                var listName = CustomResourceSchemas.Name(resource.ListGroupVersionKind);
                CustomDefinitions[kindName] = customKind(resource);
                CustomDefinitions[listName] = customList(resource);
                BuiltIns.AddRange([CustomResourceSchemas.ObjectMeta, CustomResourceSchemas.ListMeta]);
                writer.Write(resource, kindName, listName, gvk => SubresourceSchema(gvk, resource, kindName));
                continue;
            }

            if (!schema.TryGetDefinitionName(resource.GroupVersionKind, out var kind))
                throw new ArgumentException($"no schema for {resource.GroupVersionKind}", nameof(resources));
            schema.TryGetDefinitionName(resource.ListGroupVersionKind, out var list);
            BuiltIns.Add(kind);
            if (list is not null) BuiltIns.Add(list);
            writer.Write(resource, kind, list, gvk => SubresourceSchema(gvk, resource, kind));
        }
    }

    /// <summary>Schema of a subresource's kind: the parent's own for status, a built-in (Scale…) otherwise.</summary>
    private string? SubresourceSchema(GroupVersionKind gvk, ServedResource parent, string parentSchema)
    {
        if (gvk == parent.GroupVersionKind) return parentSchema;
        if (!schema.TryGetDefinitionName(gvk, out var name)) return null;
        // Connect option kinds (PodExecOptions…) are query parameters, not bodies.
        if (gvk.Kind.EndsWith("Options", StringComparison.Ordinal)) return null;
        BuiltIns.Add(name);
        return name;
    }
}
