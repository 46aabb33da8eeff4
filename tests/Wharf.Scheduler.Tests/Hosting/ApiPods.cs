using System.Text.Json.Nodes;

namespace Wharf.Scheduler.Tests.Hosting;

/// <summary>Pod manifests for the end-to-end tests: one pause container with CPU and memory requests.</summary>
internal static class ApiPods
{
    public static JsonObject Pod(string ns, string name, string cpu = "100m", string memory = "64Mi", Action<JsonObject>? spec = null)
    {
        var podSpec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "c",
                ["image"] = "registry.k8s.io/pause:3.10",
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory } },
            }),
            ["terminationGracePeriodSeconds"] = 30,
        };
        spec?.Invoke(podSpec);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = podSpec,
        };
    }

    public static string? NodeName(JsonObject pod) => pod["spec"]?["nodeName"]?.GetValue<string>();

    public static JsonObject? Condition(JsonObject pod, string type) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
}
