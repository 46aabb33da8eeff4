using System.Text.Json.Nodes;

namespace Wharf.Client.Tests.Support;

/// <summary>Builders for the small objects tests need.</summary>
internal static class Objects
{
    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static JsonObject ConfigMap(string? ns, string name, string value = "v", string rv = "") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = rv.Length == 0
            ? new JsonObject { ["name"] = name, ["namespace"] = ns }
            : new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = rv },
        ["data"] = new JsonObject { ["k"] = value },
    };
}
