using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.StatefulSet;

/// <summary>Builders of StatefulSets for the controller tests, and small helpers over a <see cref="WorkloadHarness"/>.</summary>
internal static class StatefulSets
{
    public static JsonObject New(string name, int replicas, string image = "nginx:1.27", string policy = "OrderedReady", JsonObject? updateStrategy = null,
        JsonArray? claimTemplates = null, JsonObject? retention = null, int? startOrdinal = null)
    {
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["serviceName"] = name + "-svc",
            ["podManagementPolicy"] = policy,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = Workloads.Template(name, image),
        };
        if (updateStrategy is not null) spec["updateStrategy"] = updateStrategy;
        if (claimTemplates is not null) spec["volumeClaimTemplates"] = claimTemplates;
        if (retention is not null) spec["persistentVolumeClaimRetentionPolicy"] = retention;
        if (startOrdinal is { } start) spec["ordinals"] = new JsonObject { ["start"] = start };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = WorkloadHarness.Namespace },
            ["spec"] = spec,
        };
    }

    public static JsonArray ClaimTemplate(string name) => new(new JsonObject
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } },
        },
    });

    public static readonly Resource Claims = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true);

    public static Task PatchSpecAsync(WorkloadHarness h, string name, JsonObject spec) =>
        h.Client.PatchAsync(Resource.StatefulSets, WorkloadHarness.Namespace, name, PatchType.Merge, new JsonObject { ["spec"] = spec }, null, CancellationToken.None);

    public static JsonObject Image(string app, string image) => new() { ["template"] = Workloads.Template(app, image) };

    public static async Task<JsonObject?> PodAsync(WorkloadHarness h, string name) =>
        (await h.PodsAsync(p => p["metadata"]!["name"]!.GetValue<string>() == name)).FirstOrDefault();

    public static string? ImageOf(JsonObject pod) => pod["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();

    public static string? Label(JsonObject obj, string key) => obj["metadata"]?["labels"]?[key]?.GetValue<string>();

    public static int? StatusInt(JsonObject set, string field) => set["status"]?[field]?.GetValue<int>();

    public static string? StatusStr(JsonObject set, string field) => set["status"]?[field]?.GetValue<string>();
}
