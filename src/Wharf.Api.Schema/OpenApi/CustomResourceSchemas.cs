using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApi;

/// <summary>
/// Component schemas of a custom resource built from its CRD's structural <c>openAPIV3Schema</c>: upstream names
/// them after the reversed group (<c>com.example.stable.v1.CronTab</c>), sets <c>apiVersion</c>, <c>kind</c> and a
/// <c>metadata</c> pointing at ObjectMeta, and tags the kind with <c>x-kubernetes-group-version-kind</c>.
/// </summary>
internal static class CustomResourceSchemas
{
    public const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    public const string ListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    public static string Name(GroupVersionKind gvk) =>
        string.Join('.', gvk.Group.Split('.').Reverse()) + "." + gvk.Version + "." + gvk.Kind;

    public static JsonObject Kind(ServedResource resource)
    {
        var schema = JsonNode.Parse(resource.CustomResourceSchema!.Value.GetRawText()) as JsonObject
            ?? new JsonObject { ["type"] = "object" };
        var properties = schema["properties"] as JsonObject ?? new JsonObject();
        schema["properties"] = properties;
        schema["type"] ??= "object";
        properties["apiVersion"] ??= TypeMetaField("APIVersion defines the versioned schema of this representation of an object.");
        properties["kind"] ??= TypeMetaField("Kind is a string value representing the REST resource this object represents.");
        // The CRD may say only {"type":"object"} for metadata; the served schema is always ObjectMeta.
        properties["metadata"] = V3SchemaConverter.WrappedRef(ObjectMeta);
        schema["x-kubernetes-group-version-kind"] = GroupVersionKinds(resource.GroupVersionKind);
        return schema;
    }

    public static JsonObject List(ServedResource resource) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("items"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = TypeMetaField("APIVersion defines the versioned schema of this representation of an object."),
            ["items"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = V3SchemaConverter.Ref(Name(resource.GroupVersionKind)),
                ["description"] = $"List of {resource.Plural}.",
            },
            ["kind"] = TypeMetaField("Kind is a string value representing the REST resource this object represents."),
            ["metadata"] = V3SchemaConverter.WrappedRef(ListMeta),
        },
        ["x-kubernetes-group-version-kind"] = GroupVersionKinds(resource.ListGroupVersionKind),
    };

    private static JsonObject TypeMetaField(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonArray GroupVersionKinds(GroupVersionKind gvk) => new(new JsonObject
    {
        ["group"] = gvk.Group,
        ["kind"] = gvk.Kind,
        ["version"] = gvk.Version,
    });
}
