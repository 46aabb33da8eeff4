using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Job;
using Wharf.Controllers.Tests.Support;
using static Wharf.Controllers.Tests.Job.JobTestSupport;

namespace Wharf.Controllers.Tests.Job;

public sealed class JobControllerTests
{
    [Fact]
    public async Task Completions_RunAtMostParallelismPods_CountEachSuccessOnce_AndComplete()
    {
        await using var h = await StartAsync();
        var job = await CreateAsync(h, "pi", BatchObjects.JobSpec(completions: 3, parallelism: 2));
        var uid = ObjectMeta.Uid(job)!;

        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 2, "two pods run");
        var first = (await h.PodsOfAsync(uid))[0];
        Assert.Equal("pi", ObjectMeta.Label(first, JobLabels.JobName));
        Assert.Equal(uid, ObjectMeta.Label(first, JobLabels.ControllerUid));
        Assert.Equal("pi", ObjectMeta.Label(first, JobLabels.LegacyJobName));
        Assert.Equal(uid, ObjectMeta.Label(first, JobLabels.LegacyControllerUid));
        Assert.Equal("batch", ObjectMeta.Label(first, "app"));
        Assert.Contains(JobLabels.TrackingFinalizer, ObjectMeta.Finalizers(first));
        Assert.StartsWith("pi-", ObjectMeta.Name(first));
        await Eventually.HoldsAsync(async () => Int((await h.GetAsync(Resource.Jobs, "pi"))["status"]?["ready"]) == 2, "status.ready counts both");

        // Finish pods one by one until three succeeded; never more than two are active meanwhile.
        for (var done = 0; done < 3; done++)
        {
            var running = await RunningPodsAsync(h, uid);
            if (running.Count == 0)
            {
                await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count > 0, "a pod runs");
                running = await RunningPodsAsync(h, uid);
            }
            Assert.True(running.Count <= 2);
            await PodOutcomes.SucceedAsync(h.Client, running[0]);
            var expected = done + 1;
            await Eventually.HoldsAsync(async () => Int((await h.GetAsync(Resource.Jobs, "pi"))["status"]?["succeeded"]) == expected, $"{expected} succeeded");
        }

        await Eventually.HoldsAsync(async () => Condition(await h.GetAsync(Resource.Jobs, "pi"), JobConditions.Complete, "status") == "True", "the job is complete");
        var finished = await h.GetAsync(Resource.Jobs, "pi");
        Assert.Equal(3, Int(finished["status"]!["succeeded"]));
        Assert.Equal(0, Int(finished["status"]!["failed"]));
        Assert.Equal(0, Int(finished["status"]!["active"]));
        Assert.Equal("True", Condition(finished, JobConditions.SuccessCriteriaMet, "status"));
        Assert.Equal(JobConditions.CompletionsReached, Condition(finished, JobConditions.Complete, "reason"));
        Assert.NotNull(finished["status"]!["completionTime"]);
        Assert.NotNull(finished["status"]!["startTime"]);
        Assert.Equal(new JsonObject(), finished["status"]!["uncountedTerminatedPods"], JsonNode.DeepEquals);
        await Eventually.HoldsAsync(async () => (await h.PodsOfAsync(uid)).All(p => !ObjectMeta.Finalizers(p).Contains(JobLabels.TrackingFinalizer)),
            "every pod lost the tracking finalizer");
        Assert.Equal(3, (await h.PodsOfAsync(uid)).Count);
        await Eventually.HoldsAsync(async () => (await h.EventsAsync("Completed")).Count == 1, "the Completed event is recorded");
        Assert.Equal(3, (await h.EventsAsync("SuccessfulCreate")).Count);
    }

    [Fact]
    public async Task BackoffLimitZero_OneFailure_FailsTheJobWithoutReplacingThePod()
    {
        await using var h = await StartAsync();
        var job = await CreateAsync(h, "flaky", BatchObjects.JobSpec(backoffLimit: 0));
        var uid = ObjectMeta.Uid(job)!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 1, "the pod runs");
        await PodOutcomes.FailAsync(h.Client, (await RunningPodsAsync(h, uid))[0]);

        await Eventually.HoldsAsync(async () => Condition(await h.GetAsync(Resource.Jobs, "flaky"), JobConditions.Failed, "status") == "True", "the job failed");
        var failed = await h.GetAsync(Resource.Jobs, "flaky");
        Assert.Equal(JobConditions.BackoffLimitExceeded, Condition(failed, JobConditions.Failed, "reason"));
        Assert.Equal(JobConditions.BackoffLimitExceededMessage, Condition(failed, JobConditions.Failed, "message"));
        Assert.Equal("True", Condition(failed, JobConditions.FailureTarget, "status"));
        Assert.Equal(1, Int(failed["status"]!["failed"]));
        Assert.Null(failed["status"]!["completionTime"]);
        Assert.Single(await h.PodsOfAsync(uid));
        await Eventually.HoldsAsync(async () => (await h.EventsAsync(JobConditions.BackoffLimitExceeded)).Count == 1, "the BackoffLimitExceeded event is recorded");
    }

    [Fact]
    public async Task ActiveDeadline_Passed_DeletesRunningPodsAndFailsWithDeadlineExceeded()
    {
        await using var h = await StartAsync();
        var job = await CreateAsync(h, "slow", BatchObjects.JobSpec(completions: 2, parallelism: 2, activeDeadlineSeconds: 2));
        var uid = ObjectMeta.Uid(job)!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 2, "both pods run");

        await Eventually.HoldsAsync(async () => Condition(await h.GetAsync(Resource.Jobs, "slow"), JobConditions.Failed, "status") == "True",
            "the job failed at its deadline", TimeSpan.FromSeconds(15));
        var failed = await h.GetAsync(Resource.Jobs, "slow");
        Assert.Equal(JobConditions.DeadlineExceeded, Condition(failed, JobConditions.Failed, "reason"));
        Assert.Equal(0, Int(failed["status"]!["active"]));
        await Eventually.HoldsAsync(async () => (await h.PodsOfAsync(uid)).Count == 0, "the running pods were deleted");
    }

    [Fact]
    public async Task Suspend_CreatesNoPodsUntilResumed()
    {
        await using var h = await StartAsync();
        var job = await CreateAsync(h, "later", BatchObjects.JobSpec(suspend: true));
        var uid = ObjectMeta.Uid(job)!;
        await Eventually.HoldsAsync(async () => Condition(await h.GetAsync(Resource.Jobs, "later"), JobConditions.Suspended, "status") == "True", "the job is suspended");
        var suspended = await h.GetAsync(Resource.Jobs, "later");
        Assert.Equal("JobSuspended", Condition(suspended, JobConditions.Suspended, "reason"));
        Assert.Null(suspended["status"]!["startTime"]);
        Assert.Empty(await h.PodsOfAsync(uid));

        await h.Client.PatchAsync(Resource.Jobs, Ns, "later", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["suspend"] = false } }, null, Ct);
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 1, "the resumed job runs its pod");
        var resumed = await h.GetAsync(Resource.Jobs, "later");
        Assert.Equal("False", Condition(resumed, JobConditions.Suspended, "status"));
        Assert.Equal("JobResumed", Condition(resumed, JobConditions.Suspended, "reason"));
        Assert.NotNull(resumed["status"]!["startTime"]);
    }

    [Fact]
    public async Task DeletedPodWithFinalizer_CountsAsFailed_AndIsReleased()
    {
        await using var h = await StartAsync();
        var job = await CreateAsync(h, "retry", BatchObjects.JobSpec(backoffLimit: 3));
        var uid = ObjectMeta.Uid(job)!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 1, "the pod runs");
        var first = (await RunningPodsAsync(h, uid))[0];
        await h.Client.DeleteAsync(Resource.Pods, Ns, ObjectMeta.Name(first)!, null, Ct);

        await Eventually.HoldsAsync(async () => Int((await h.GetAsync(Resource.Jobs, "retry"))["status"]?["failed"]) == 1, "the deleted pod counts as failed");
        // The finalizer is removed, so the hollow kubelet's deletion goes through.
        await Eventually.HoldsAsync(async () => (await h.PodsAsync(p => ObjectMeta.Name(p) == ObjectMeta.Name(first))).Count == 0, "the deleted pod is gone");
    }

    [Fact]
    public async Task Indexed_RunsOnePodPerIndex_AndRecordsCompletedIndexes()
    {
        await using var h = await StartAsync();
        var spec = BatchObjects.JobSpec(completions: 3, parallelism: 2);
        spec["completionMode"] = "Indexed";
        var job = await CreateAsync(h, "idx", spec);
        var uid = ObjectMeta.Uid(job)!;

        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 2, "two indexed pods run");
        var pods = await RunningPodsAsync(h, uid);
        Assert.Equal(["0", "1"], pods.Select(p => ObjectMeta.Annotation(p, JobLabels.CompletionIndex)).Order());
        foreach (var pod in pods)
        {
            var index = ObjectMeta.Annotation(pod, JobLabels.CompletionIndex);
            Assert.StartsWith($"idx-{index}-", ObjectMeta.Name(pod));
            Assert.Equal(index, ObjectMeta.Label(pod, JobLabels.CompletionIndex));
            Assert.Equal($"idx-{index}", pod["spec"]!["hostname"]!.GetValue<string>());
        }

        await PodOutcomes.SucceedAsync(h.Client, pods.Single(p => ObjectMeta.Annotation(p, JobLabels.CompletionIndex) == "1"));
        await Eventually.HoldsAsync(async () => (await h.GetAsync(Resource.Jobs, "idx"))["status"]?["completedIndexes"]?.GetValue<string>() == "1", "index 1 is completed");
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Any(p => ObjectMeta.Annotation(p, JobLabels.CompletionIndex) == "2"),
            "index 2 starts in its place");

        foreach (var pod in await RunningPodsAsync(h, uid)) await PodOutcomes.SucceedAsync(h.Client, pod);
        await Eventually.HoldsAsync(async () => Condition(await h.GetAsync(Resource.Jobs, "idx"), JobConditions.Complete, "status") == "True", "the job is complete");
        var done = await h.GetAsync(Resource.Jobs, "idx");
        Assert.Equal("0-2", done["status"]!["completedIndexes"]!.GetValue<string>());
        Assert.Equal(3, Int(done["status"]!["succeeded"]));
        Assert.Equal(3, (await h.PodsOfAsync(uid)).Count);
    }
}
