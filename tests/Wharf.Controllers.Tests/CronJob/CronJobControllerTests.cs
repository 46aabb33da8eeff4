using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.CronJob;
using Wharf.Controllers.Job;
using Wharf.Controllers.PodControl;
using Wharf.Controllers.Tests.Job;

namespace Wharf.Controllers.Tests.CronJob;

public sealed class CronJobControllerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Ns = CronJobHarness.Namespace;
    private static readonly TimeSpan PastTheNextMinute = TimeSpan.FromSeconds(90);

    private static JsonObject CronJob(string name, string schedule = "* * * * *", string? policy = null, string? timeZone = null, bool suspend = false,
        int? startingDeadlineSeconds = null, int? successfulHistory = null)
    {
        var spec = new JsonObject
        {
            ["schedule"] = schedule,
            ["suspend"] = suspend,
            ["jobTemplate"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "batch" }, ["annotations"] = new JsonObject { ["note"] = "kept" } },
                ["spec"] = BatchObjects.JobSpec(),
            },
        };
        if (policy is not null) spec["concurrencyPolicy"] = policy;
        if (timeZone is not null) spec["timeZone"] = timeZone;
        if (startingDeadlineSeconds is { } sds) spec["startingDeadlineSeconds"] = sds;
        if (successfulHistory is { } limit) spec["successfulJobsHistoryLimit"] = limit;
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
            ["spec"] = spec,
        };
    }

    private static Task<JsonObject> GetAsync(CronJobHarness h, string name) => h.Client.GetAsync(CronJobKind.CronJobs, Ns, name, Ct);

    private static List<string> ActiveNames(JsonObject cj) =>
        (cj["status"]?["active"] as JsonArray ?? []).OfType<JsonObject>().Select(r => r["name"]!.GetValue<string>()).ToList();

    private static async Task FinishJobAsync(CronJobHarness h, JsonObject job, string condition, DateTimeOffset startTime)
    {
        var fresh = await h.Client.GetAsync(Resource.Jobs, Ns, ObjectMeta.Name(job)!, Ct);
        var stamp = startTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        fresh["status"] = new JsonObject
        {
            ["startTime"] = stamp,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = condition, ["status"] = "True", ["lastTransitionTime"] = stamp }),
        };
        if (condition == JobConditions.Complete) fresh["status"]!["completionTime"] = stamp;
        await h.Client.UpdateStatusAsync(Resource.Jobs, fresh, Ct);
    }

    /// <summary>Nudges the controller to sync now, as any change to the CronJob does.</summary>
    private static Task TouchAsync(CronJobHarness h, string name, string value) =>
        h.Client.PatchAsync(CronJobKind.CronJobs, Ns, name, PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["touch"] = value } } }, null, Ct);

    [Theory]
    [InlineData("utc", null)]
    [InlineData("time zone", "Europe/Berlin")]
    public async Task DueSchedule_CreatesTheNamedJob_AndTracksItUntilItSucceeds(string name, string? timeZone)
    {
        _ = name;
        await using var h = await CronJobHarness.StartAsync(PastTheNextMinute);
        var cj = await h.Client.CreateAsync(CronJobKind.CronJobs, null, CronJob("tick", timeZone: timeZone), Ct);

        await Eventually.HoldsAsync(async () => ActiveNames(await GetAsync(h, "tick")).Count == 1, "one job is active");
        var status = (await GetAsync(h, "tick"))["status"]!;
        var scheduled = DateTimeOffset.Parse(status["lastScheduleTime"]!.GetValue<string>());
        Assert.Equal(0, scheduled.ToUnixTimeSeconds() % 60);
        Assert.InRange(scheduled, DateTimeOffset.Parse(cj["metadata"]!["creationTimestamp"]!.GetValue<string>()), h.Time.GetUtcNow());

        var job = Assert.Single(await h.JobsAsync());
        Assert.Equal(CronJobKind.JobName("tick", scheduled), ObjectMeta.Name(job));
        Assert.Equal($"tick-{scheduled.ToUnixTimeSeconds() / 60}", ObjectMeta.Name(job));
        Assert.Equal([ObjectMeta.Name(job)!], ActiveNames(await GetAsync(h, "tick")));
        Assert.Equal(ObjectMeta.Uid(cj), OwnerReferences.ControllerOf(job)?["uid"]?.GetValue<string>());
        Assert.Equal("batch", ObjectMeta.Label(job, "team"));
        Assert.Equal("kept", ObjectMeta.Annotation(job, "note"));
        var zone = timeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTime(scheduled, zone);
        var expectedStamp = timeZone is null ? local.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") : local.ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        Assert.Equal(expectedStamp, ObjectMeta.Annotation(job, CronJobKind.ScheduledTimestampAnnotation));
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("SuccessfulCreate")).Any(e => e["message"]!.GetValue<string>() == $"Created job {ObjectMeta.Name(job)}"),
            "the SuccessfulCreate event is recorded");

        var finishedAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        await FinishJobAsync(h, job, JobConditions.Complete, finishedAt);
        // By name: the every-minute schedule may start the next job meanwhile (a minute boundary of the controller's
        // clock falls inside the test's window now and then), and that one rightly stays active.
        await Eventually.HoldsAsync(async () => !ActiveNames(await GetAsync(h, "tick")).Contains(ObjectMeta.Name(job)!), "the finished job leaves status.active");
        Assert.Equal(finishedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), (await GetAsync(h, "tick"))["status"]!["lastSuccessfulTime"]!.GetValue<string>());
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("SawCompletedJob")).Count == 1, "the SawCompletedJob event is recorded");
    }

    [Theory]
    [InlineData("Allow", 2, "")]
    [InlineData("Forbid", 1, "JobAlreadyActive")]
    [InlineData("Replace", 1, "SuccessfulDelete")]
    public async Task NextScheduleWhileAJobRuns_FollowsTheConcurrencyPolicy(string policy, int activeAfter, string reason)
    {
        await using var h = await CronJobHarness.StartAsync(PastTheNextMinute);
        await h.Client.CreateAsync(CronJobKind.CronJobs, null, CronJob("overlap", policy: policy), Ct);
        await Eventually.HoldsAsync(async () => ActiveNames(await GetAsync(h, "overlap")).Count == 1, "the first job is active");
        var first = ActiveNames(await GetAsync(h, "overlap"))[0];

        h.Time.Offset += TimeSpan.FromMinutes(1);
        await TouchAsync(h, "overlap", "1");

        if (policy == "Forbid")
        {
            await Eventually.HoldsAsync(async () => (await h.EventsAsync("JobAlreadyActive")).Count > 0, "the run is skipped");
            Assert.Equal([first], ActiveNames(await GetAsync(h, "overlap")));
            Assert.Single(await h.JobsAsync());
            return;
        }
        await Eventually.HoldsAsync(async () => ActiveNames(await GetAsync(h, "overlap")).Any(n => n != first), "the second job is active");
        var active = ActiveNames(await GetAsync(h, "overlap"));
        Assert.Equal(activeAfter, active.Count);
        Assert.Equal(policy == "Allow", active.Contains(first));
        if (reason.Length > 0)
        {
            await Eventually.HoldsAsync(async () => (await h.EventsAsync(reason)).Any(e => e["message"]!.GetValue<string>() == $"Deleted job {first}"), "the replaced job is deleted");
            await Eventually.HoldsAsync(async () => (await h.JobsAsync()).All(j => ObjectMeta.Name(j) != first), "the replaced job is gone");
        }
    }

    [Theory]
    [InlineData("suspended", true, null)]
    [InlineData("missed the starting deadline", false, 10)]
    public async Task NoJobIsStarted_WhenSuspendedOrTooLate(string name, bool suspend, int? startingDeadlineSeconds)
    {
        _ = name;
        // Thirty seconds past a minute boundary that lies after the CronJob's creation.
        var now = DateTimeOffset.UtcNow;
        var boundary = DateTimeOffset.FromUnixTimeSeconds((now.ToUnixTimeSeconds() / 60 + 2) * 60);
        await using var h = await CronJobHarness.StartAsync(boundary.AddSeconds(30) - now);
        await h.Client.CreateAsync(CronJobKind.CronJobs, null, CronJob("quiet", suspend: suspend, startingDeadlineSeconds: startingDeadlineSeconds), Ct);

        await Task.Delay(1500);
        Assert.Empty(await h.JobsAsync());
        Assert.Null((await GetAsync(h, "quiet"))["status"]?["lastScheduleTime"]);

        if (suspend)
        {
            await h.Client.PatchAsync(CronJobKind.CronJobs, Ns, "quiet", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["suspend"] = false } }, null, Ct);
            await Eventually.HoldsAsync(async () => (await h.JobsAsync()).Count == 1, "resuming starts the missed run");
        }
    }

    [Fact]
    public async Task FinishedJobs_BeyondTheHistoryLimits_AreDeletedOldestFirst()
    {
        await using var h = await CronJobHarness.StartAsync(TimeSpan.Zero);
        var cj = await h.Client.CreateAsync(CronJobKind.CronJobs, null, CronJob("history", suspend: true, successfulHistory: 2), Ct);
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var jobs = new List<(string Name, string Condition, int Minute)>
        {
            ("ok-1", JobConditions.Complete, 1), ("ok-2", JobConditions.Complete, 2), ("ok-3", JobConditions.Complete, 3),
            ("bad-1", JobConditions.Failed, 4), ("bad-2", JobConditions.Failed, 5),
        };
        foreach (var (jobName, condition, minute) in jobs)
        {
            var job = BatchObjects.Job(Ns, jobName, BatchObjects.JobSpec());
            job["metadata"]!["ownerReferences"] = new JsonArray(OwnerReferences.NewControllerRef(cj, CronJobKind.CronJobs));
            var created = await h.Client.CreateAsync(Resource.Jobs, null, job, Ct);
            await FinishJobAsync(h, created, condition, t0.AddMinutes(minute));
        }
        await TouchAsync(h, "history", "1");

        await Eventually.HoldsAsync(async () => (await h.JobsAsync()).Count == 3, "the oldest finished jobs are deleted");
        Assert.Equal(["bad-2", "ok-2", "ok-3"], (await h.JobsAsync()).Select(j => ObjectMeta.Name(j)!).Order(StringComparer.Ordinal));
    }
}
