using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Job;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.Job;

/// <summary>What the Job controller tests share: a harness with the Job controller and readers of Job and pod state.</summary>
internal static class JobTestSupport
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public const string Ns = WorkloadHarness.Namespace;

    public static Task<WorkloadHarness> StartAsync() => WorkloadHarness.StartAsync(ControllerNames.Job);

    public static string? Condition(JsonObject job, string type, string field) =>
        JobConditions.Find(job["status"], type)?[field]?.GetValue<string>();

    public static int Int(JsonNode? n) => n?.GetValue<int>() ?? 0;

    public static async Task<JsonObject> CreateAsync(WorkloadHarness h, string name, JsonObject spec) =>
        await h.Client.CreateAsync(Resource.Jobs, null, BatchObjects.Job(Ns, name, spec), Ct);

    public static async Task<List<JsonObject>> RunningPodsAsync(WorkloadHarness h, string uid) =>
        (await h.PodsOfAsync(uid)).Where(p => p["status"]?["phase"]?.GetValue<string>() == "Running" && !ObjectMeta.IsBeingDeleted(p)).ToList();
}
