using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApi;

/// <summary>
/// Writes the <c>paths</c> of one resource: collection, item and subresource URLs, each operation tagged with
/// <c>x-kubernetes-action</c> and <c>x-kubernetes-group-version-kind</c> as upstream's builder does.
/// </summary>
internal sealed class PathWriter(JsonObject paths, bool protobuf)
{
    private const string MetaV1 = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private const string DeleteOptions = MetaV1 + "DeleteOptions";
    private const string Status = MetaV1 + "Status";
    private const string Patch = MetaV1 + "Patch";

    private static readonly string[] PatchTypes =
    [
        "application/apply-patch+yaml",
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
    ];

    /// <summary>Definition names every document that has writes must carry.</summary>
    public static readonly string[] SharedDefinitions = [DeleteOptions, Status, Patch];

    public void Write(ServedResource resource, string kindSchema, string? listSchema, Func<GroupVersionKind, string?> schemaOf)
    {
        var verbs = resource.Verbs.ToHashSet(StringComparer.Ordinal);
        var prefix = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.Group}/{resource.Version}";
        var scope = resource.Namespaced ? "/namespaces/{namespace}" : "";
        var collection = $"{prefix}{scope}/{resource.Plural}";
        var item = collection + "/{name}";
        var gvk = resource.GroupVersionKind;
        var id = OperationNames.Of(resource);
        // JsonNodes have one parent, so every path gets fresh parameter objects.
        JsonObject[] ScopeParams() => resource.Namespaced ? [Parameters.Path("namespace", "object name and auth scope, such as for teams and projects")] : [];
        JsonObject[] ItemParams() => [Parameters.Path("name", $"name of the {resource.Kind}"), .. ScopeParams()];

        var collectionOps = new JsonObject();
        if (verbs.Contains("list") && listSchema is not null)
            collectionOps["get"] = Operation($"list or watch objects of kind {resource.Kind}", $"list{id}", "list", gvk,
                Parameters.List(verbs.Contains("watch")), null, Responses(listSchema, "200"));
        if (verbs.Contains("create"))
            collectionOps["post"] = Operation($"create a {resource.Kind}", $"create{id}", "post", gvk,
                Parameters.Write(patch: false), Body(kindSchema), Responses(kindSchema, "200", "201", "202"));
        if (verbs.Contains("deletecollection"))
            collectionOps["delete"] = Operation($"delete collection of {resource.Kind}", $"deletecollection{id}", "deletecollection", gvk,
                Parameters.Delete().Concat(Parameters.List(withWatch: false)), Body(DeleteOptions), Responses(Status, "200"));
        AddPath(collection, collectionOps, ScopeParams());

        var itemOps = new JsonObject();
        if (verbs.Contains("get"))
            itemOps["get"] = Operation($"read the specified {resource.Kind}", $"read{id}", "get", gvk, [], null, Responses(kindSchema, "200"));
        if (verbs.Contains("update"))
            itemOps["put"] = Operation($"replace the specified {resource.Kind}", $"replace{id}", "put", gvk,
                Parameters.Write(patch: false), Body(kindSchema), Responses(kindSchema, "200", "201"));
        if (verbs.Contains("patch"))
            itemOps["patch"] = PatchOperation($"partially update the specified {resource.Kind}", $"patch{id}", gvk, kindSchema);
        if (verbs.Contains("delete"))
            itemOps["delete"] = Operation($"delete a {resource.Kind}", $"delete{id}", "delete", gvk,
                Parameters.Delete(), Body(DeleteOptions), Responses(Status, "200", "202"));
        AddPath(item, itemOps, ItemParams());

        if (resource.Namespaced && verbs.Contains("list") && listSchema is not null)
        {
            var allNamespaces = new JsonObject
            {
                ["get"] = Operation($"list or watch objects of kind {resource.Kind}", $"list{OperationNames.Of(resource, allNamespaces: true)}",
                    "list", gvk, Parameters.List(verbs.Contains("watch")), null, Responses(listSchema, "200")),
            };
            AddPath($"{prefix}/{resource.Plural}", allNamespaces, []);
        }

        foreach (var sub in resource.Subresources)
            WriteSubresource(resource, sub, item, ItemParams(), schemaOf(sub.Kind));
    }

    private void WriteSubresource(ServedResource resource, ServedSubresource sub, string item, JsonObject[] pathParams, string? schema)
    {
        var verbs = sub.Verbs.ToHashSet(StringComparer.Ordinal);
        var id = OperationNames.Of(resource) + OperationNames.Pascal(sub.Name);
        var ops = new JsonObject();
        // Streaming and proxy subresources (exec, attach, portforward, proxy, log) have no body schema.
        if (schema is null)
        {
            var methods = new List<string>();
            if (verbs.Contains("get")) methods.Add("get");
            if (verbs.Contains("create")) methods.Add("post");
            foreach (var method in methods)
                ops[method] = Operation($"connect {method.ToUpperInvariant()} requests to {sub.Name} of {resource.Kind}",
                    $"connect{OperationNames.Pascal(method)}{id}", "connect", sub.Kind, [], null,
                    new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } });
        }
        else
        {
            if (verbs.Contains("get"))
                ops["get"] = Operation($"read {sub.Name} of the specified {resource.Kind}", $"read{id}", "get", sub.Kind, [], null, Responses(schema, "200"));
            if (verbs.Contains("update"))
                ops["put"] = Operation($"replace {sub.Name} of the specified {resource.Kind}", $"replace{id}", "put", sub.Kind,
                    Parameters.Write(patch: false), Body(schema), Responses(schema, "200", "201"));
            if (verbs.Contains("patch"))
                ops["patch"] = PatchOperation($"partially update {sub.Name} of the specified {resource.Kind}", $"patch{id}", sub.Kind, schema);
            if (verbs.Contains("create"))
                ops["post"] = Operation($"create {sub.Name} of a {resource.Kind}", $"create{id}", "post", sub.Kind,
                    Parameters.Write(patch: false), Body(schema), Responses(schema, "200", "201", "202"));
        }
        AddPath($"{item}/{sub.Name}", ops, pathParams);
    }

    private JsonObject PatchOperation(string description, string operationId, GroupVersionKind gvk, string schema)
    {
        var content = new JsonObject();
        foreach (var type in PatchTypes) content[type] = new JsonObject { ["schema"] = V3SchemaConverter.Ref(Patch) };
        return Operation(description, operationId, "patch", gvk, Parameters.Write(patch: true),
            new JsonObject { ["content"] = content, ["required"] = true }, Responses(schema, "200", "201"));
    }

    private void AddPath(string path, JsonObject operations, IEnumerable<JsonObject> parameters)
    {
        if (operations.Count == 0) return;
        operations["parameters"] = new JsonArray([.. parameters, Parameters.Pretty()]);
        paths[path] = operations;
    }

    private static JsonObject Operation(string description, string operationId, string action, GroupVersionKind gvk,
        IEnumerable<JsonObject> parameters, JsonObject? body, JsonObject responses)
    {
        var operation = new JsonObject
        {
            ["description"] = description,
            ["operationId"] = operationId,
            ["responses"] = responses,
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject
            {
                ["group"] = gvk.Group,
                ["kind"] = gvk.Kind,
                ["version"] = gvk.Version,
            },
        };
        var list = new JsonArray([.. parameters]);
        if (list.Count > 0) operation["parameters"] = list;
        if (body is not null) operation["requestBody"] = body;
        return operation;
    }

    private static JsonObject Body(string schema) => new()
    {
        ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = V3SchemaConverter.Ref(schema) } },
        ["required"] = true,
    };

    private JsonObject Responses(string schema, params string[] codes)
    {
        var responses = new JsonObject { ["401"] = new JsonObject { ["description"] = "Unauthorized" } };
        foreach (var code in codes)
        {
            var content = new JsonObject
            {
                ["application/json"] = new JsonObject { ["schema"] = V3SchemaConverter.Ref(schema) },
                ["application/yaml"] = new JsonObject { ["schema"] = V3SchemaConverter.Ref(schema) },
            };
            if (protobuf) content["application/vnd.kubernetes.protobuf"] = new JsonObject { ["schema"] = V3SchemaConverter.Ref(schema) };
            responses[code] = new JsonObject
            {
                ["description"] = code switch { "201" => "Created", "202" => "Accepted", _ => "OK" },
                ["content"] = content,
            };
        }
        return responses;
    }
}
