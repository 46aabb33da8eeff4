using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Node.Agent.Server;

/// <summary><c>GET /pods</c>: a v1 PodList of the pods this node runs.</summary>
internal sealed class PodsEndpoint(IPodSource pods)
{
    public async Task HandleAsync(Stream connection, CancellationToken cancellationToken)
    {
        var items = await pods.PodsAsync(cancellationToken);
        var list = new JsonObject
        {
            ["kind"] = "PodList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray(items.Select(p => (JsonNode)WithKind(p)).ToArray()),
        };
        await HttpResponses.OkAsync(connection, "application/json", Encoding.UTF8.GetBytes(list.ToJsonString()), cancellationToken);
    }

    /// <summary>Items of a list come without kind and apiVersion from the API; upstream's /pods items carry them.</summary>
    private static JsonObject WithKind(JsonObject pod)
    {
        var copy = new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1" };
        foreach (var (key, value) in pod)
            if (key is not ("kind" or "apiVersion"))
                copy[key] = value?.DeepClone();
        return copy;
    }
}
