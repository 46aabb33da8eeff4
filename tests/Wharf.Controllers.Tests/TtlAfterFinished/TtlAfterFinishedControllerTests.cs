using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Job;
using Wharf.Controllers.Tests.Job;
using Wharf.Controllers.Tests.Support;
using Wharf.Controllers.TtlAfterFinished;

namespace Wharf.Controllers.Tests.TtlAfterFinished;

public sealed class TtlAfterFinishedControllerTests
{
    private const string Ns = WorkloadHarness.Namespace;

    private static JsonObject FinishedJob(string conditionType, string? ttl, string transition = "2026-01-01T00:00:00Z", bool deleting = false)
    {
        var job = BatchObjects.Job(Ns, "j", new JsonObject());
        if (ttl is not null) job["spec"]!["ttlSecondsAfterFinished"] = int.Parse(ttl);
        if (deleting) job["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:05Z";
        job["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = conditionType, ["status"] = "True", ["lastTransitionTime"] = transition }),
        };
        return job;
    }

    [Theory]
    [InlineData("complete", "Complete", "100", false, "2026-01-01T00:01:40Z")]
    [InlineData("failed", "Failed", "0", false, "2026-01-01T00:00:00Z")]
    [InlineData("not finished", "SuccessCriteriaMet", "100", false, null)]
    [InlineData("no ttl", "Complete", null, false, null)]
    [InlineData("already deleting", "Complete", "100", true, null)]
    public void ExpiresAt_IsFinishTimePlusTtl_ForFinishedJobsOnly(string name, string condition, string? ttl, bool deleting, string? expected)
    {
        _ = name;
        var expires = TtlAfterFinishedController.ExpiresAt(FinishedJob(condition, ttl, deleting: deleting));
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected), expires);
    }

    [Fact]
    public async Task FinishedJobWithTtl_IsDeletedWithItsPods()
    {
        await using var h = await WorkloadHarness.StartAsync(ControllerNames.Job, ControllerNames.TtlAfterFinished, ControllerNames.GarbageCollector);
        var job = await h.Client.CreateAsync(Resource.Jobs, null, BatchObjects.Job(Ns, "short", BatchObjects.JobSpec(ttl: 1)), CancellationToken.None);
        var uid = ObjectMeta.Uid(job)!;
        await Eventually.HoldsAsync(async () => (await h.PodsOfAsync(uid)).Any(p => p["status"]?["phase"]?.GetValue<string>() == "Running"), "the pod runs");
        await PodOutcomes.SucceedAsync(h.Client, (await h.PodsOfAsync(uid))[0]);

        // Watched rather than polled: the finish time is kept to the second, so a 1 s TTL can expire a moment after
        // the job finishes, and a poll under load may never see the finished job before it is gone.
        var seen = await JobEventsUntilDeletedAsync(h, ObjectMeta.ResourceVersion(job)!, TimeSpan.FromSeconds(30));
        Assert.True(seen.FinishedBeforeDeleted, $"the job finished, then was deleted after its TTL: {string.Join(", ", seen.Trace)}");
        await Eventually.HoldsAsync(async () => (await h.PodsOfAsync(uid)).Count == 0, "its pod is collected", TimeSpan.FromSeconds(15));
    }

    private static async Task<(bool FinishedBeforeDeleted, List<string> Trace)> JobEventsUntilDeletedAsync(WorkloadHarness h, string fromVersion, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var trace = new List<string>();
        var finished = false;
        try
        {
            await foreach (var ev in h.Client.WatchAsync(Resource.Jobs, Ns, new ListOptions { ResourceVersion = fromVersion }, cts.Token))
            {
                if (ev.Type is WatchEventType.Bookmark) continue;
                if (ev.Type is WatchEventType.Error) throw new InvalidOperationException($"the job watch failed: {ev.Object.ToJsonString()}");
                var isFinished = JobConditions.IsFinished(ev.Object);
                trace.Add($"{ev.Type}{(isFinished ? " finished" : "")}");
                if (ev.Type == WatchEventType.Deleted) return (finished, trace);
                finished |= isFinished;
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            trace.Add("timed out");
        }
        return (false, trace);
    }
}
