using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tables;

/// <summary>Name and Age, what upstream prints for kinds without a printer of their own.</summary>
public sealed class DefaultTableColumns : ITableColumns
{
    public JsonArray ColumnDefinitions(ResourceKind kind) =>
    [
        new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", ["priority"] = 0 },
        new JsonObject { ["name"] = "Created At", ["type"] = "date", ["format"] = "", ["description"] = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata", ["priority"] = 0 },
    ];

    public JsonArray Cells(ResourceKind kind, JsonObject obj, DateTimeOffset now) =>
        [obj["metadata"]?["name"]?.DeepClone(), obj["metadata"]?["creationTimestamp"]?.DeepClone()];
}
