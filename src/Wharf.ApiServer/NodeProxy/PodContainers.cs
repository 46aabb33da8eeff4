using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>Which container of a pod a log/exec/attach request means, with upstream's refusals.</summary>
public static class PodContainers
{
    public static string Resolve(JsonObject pod, string? requested)
    {
        var name = pod["metadata"].Str("name") ?? "";
        var containers = Names(pod, "containers");
        var init = Names(pod, "initContainers");
        var ephemeral = Names(pod, "ephemeralContainers");
        if (string.IsNullOrEmpty(requested))
        {
            if (containers.Count == 1)
                return containers[0];
            var message = $"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", containers)}]";
            if (init.Count > 0) message += $" or one of the init containers: [{string.Join(" ", init)}]";
            if (ephemeral.Count > 0) message += $" or one of the ephemeral containers: [{string.Join(" ", ephemeral)}]";
            throw StatusErrors.BadRequest(message);
        }
        if (!containers.Contains(requested) && !init.Contains(requested) && !ephemeral.Contains(requested))
            throw StatusErrors.BadRequest($"container {requested} is not valid for pod {name}");
        return requested;
    }

    /// <summary>The status of a container (regular, init or ephemeral), if the agent reported one.</summary>
    public static JsonObject? Status(JsonObject pod, string container) =>
        new[] { "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses" }
            .SelectMany(key => (pod["status"]?[key] as JsonArray ?? []).OfType<JsonObject>())
            .FirstOrDefault(s => s.Str("name") == container);

    private static List<string> Names(JsonObject pod, string key) =>
        (pod["spec"]?[key] as JsonArray ?? []).OfType<JsonObject>().Select(c => c.Str("name") ?? "").ToList();
}
