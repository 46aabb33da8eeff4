using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.GarbageCollector;
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
        var trace = await JobEventsUntilDeletedAsync(h, ObjectMeta.ResourceVersion(job)!, TimeSpan.FromSeconds(30));
        var described = string.Join(", ", trace);
        Assert.Equal("Deleted", trace[^1]);
        var finished = trace.FindIndex(e => e.Contains("finished", StringComparison.Ordinal));
        var foreground = trace.FindIndex(e => e.Contains("foreground", StringComparison.Ordinal));
        Assert.True(finished >= 0 && foreground > finished, $"the job finished, then was deleted in the foreground: {described}");

        // Foreground deletion: the job is gone only once the garbage collector deleted its pods.
        Assert.Empty(await h.PodsOfAsync(uid));
    }

    /// <summary>The job's events from <paramref name="fromVersion"/> up to its deletion, each described in a few words.</summary>
    private static async Task<List<string>> JobEventsUntilDeletedAsync(WorkloadHarness h, string fromVersion, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var trace = new List<string>();
        try
        {
            await foreach (var ev in h.Client.WatchAsync(Resource.Jobs, Ns, new ListOptions { ResourceVersion = fromVersion }, cts.Token))
            {
                if (ev.Type is WatchEventType.Bookmark) continue;
                if (ev.Type is WatchEventType.Error) throw new InvalidOperationException($"the job watch failed: {ev.Object.ToJsonString()}");
                if (ev.Type == WatchEventType.Deleted)
                {
                    trace.Add("Deleted");
                    return trace;
                }

                var finished = JobConditions.IsFinished(ev.Object) ? " finished" : "";
                var foreground = ObjectMeta.IsBeingDeleted(ev.Object) && ObjectMeta.Finalizers(ev.Object).Contains(DependencyGraph.ForegroundFinalizer) ? " deleting in the foreground" : "";
                trace.Add($"{ev.Type}{finished}{foreground}");
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            trace.Add("timed out");
        }
        return trace;
    }
}
