using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Job;
using Wharf.Controllers.Tests.Support;
using static Wharf.Controllers.Tests.Job.JobTestSupport;

namespace Wharf.Controllers.Tests.Job;

/// <summary>podFailurePolicy, backoffLimitPerIndex and successPolicy end to end with the hollow kubelet.</summary>
public sealed class JobPolicyTests
{
    private static JsonObject IndexedSpec(int completions, string extra)
    {
        var spec = BatchObjects.JobSpec(completions: completions, parallelism: completions);
        spec["completionMode"] = "Indexed";
        foreach (var (k, v) in JsonNode.Parse(extra)!.AsObject().ToList()) spec[k] = v?.DeepClone();
        return spec;
    }

    private static async Task<JsonObject> RunningIndexAsync(WorkloadHarness h, string uid, int index) =>
        (await RunningPodsAsync(h, uid)).Single(p => ObjectMeta.Annotation(p, JobLabels.CompletionIndex) == index.ToString());

    private static Task FinishedAsync(WorkloadHarness h, string name, string type) =>
        Eventually.HoldsAsync(async () => Condition(await h.GetAsync(Resource.Jobs, name), type, "status") == "True", $"{name} has {type}");

    [Fact]
    public async Task FailJobRule_MatchingExitCode_FailsTheJobWithPodFailurePolicy()
    {
        await using var h = await StartAsync();
        var spec = BatchObjects.JobSpec();
        spec["podFailurePolicy"] = JsonNode.Parse("""{"rules":[{"action":"FailJob","onExitCodes":{"containerName":"main","operator":"In","values":[42]}}]}""");
        var uid = ObjectMeta.Uid(await CreateAsync(h, "fj", spec))!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 1, "the pod runs");
        var pod = (await RunningPodsAsync(h, uid))[0];
        await PodExits.FailAsync(h.Client, pod, 42);

        await FinishedAsync(h, "fj", JobConditions.Failed);
        var job = await h.GetAsync(Resource.Jobs, "fj");
        var message = $"Container main for pod {Ns}/{ObjectMeta.Name(pod)} failed with exit code 42 matching FailJob rule at index 0";
        Assert.Equal(JobConditions.PodFailurePolicy, Condition(job, JobConditions.Failed, "reason"));
        Assert.Equal(message, Condition(job, JobConditions.Failed, "message"));
        Assert.Equal(JobConditions.PodFailurePolicy, Condition(job, JobConditions.FailureTarget, "reason"));
        Assert.Equal(1, Int(job["status"]!["failed"]));
        Assert.Single(await h.PodsOfAsync(uid));
    }

    [Fact]
    public async Task IgnoreRule_MatchingCondition_DoesNotCountAgainstBackoffLimit_AndReplacesThePod()
    {
        await using var h = await StartAsync();
        var spec = BatchObjects.JobSpec(backoffLimit: 0);
        spec["podFailurePolicy"] = JsonNode.Parse("""{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]}""");
        var uid = ObjectMeta.Uid(await CreateAsync(h, "ig", spec))!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 1, "the pod runs");
        var first = (await RunningPodsAsync(h, uid))[0];
        await PodExits.FailAsync(h.Client, first, 137, "DisruptionTarget");

        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Any(p => ObjectMeta.Name(p) != ObjectMeta.Name(first)), "a replacement runs");
        var job = await h.GetAsync(Resource.Jobs, "ig");
        Assert.Equal(0, Int(job["status"]!["failed"]));
        Assert.Null(JobConditions.Find(job["status"], JobConditions.Failed));
        await PodOutcomes.SucceedAsync(h.Client, (await RunningPodsAsync(h, uid))[0]);
        await FinishedAsync(h, "ig", JobConditions.Complete);
    }

    [Fact]
    public async Task DeletedPod_WithPodFailurePolicy_IsJudgedOnceFailed_SoAnIgnoreRuleSparesTheBackoffLimit()
    {
        await using var h = await StartAsync();
        var spec = BatchObjects.JobSpec(backoffLimit: 0);
        spec["podFailurePolicy"] = JsonNode.Parse("""{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]}""");
        var created = await CreateAsync(h, "dl", spec);
        Assert.Equal("Failed", created["spec"]!["podReplacementPolicy"]!.GetValue<string>());
        var uid = ObjectMeta.Uid(created)!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 1, "the pod runs");
        var first = (await RunningPodsAsync(h, uid))[0];
        // What an eviction or the taint manager does: the DisruptionTarget condition, then a graceful delete.
        first["status"]!["conditions"]!.AsArray().Add(new JsonObject { ["type"] = "DisruptionTarget", ["status"] = "True", ["reason"] = "EvictionByEvictionAPI" });
        await h.Client.UpdateStatusAsync(Resource.Pods, first, Ct);
        await h.Client.DeleteAsync(Resource.Pods, Ns, ObjectMeta.Name(first)!, new DeleteOptions(), Ct);

        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Any(p => ObjectMeta.Name(p) != ObjectMeta.Name(first)), "a replacement runs");
        var job = await h.GetAsync(Resource.Jobs, "dl");
        Assert.Equal(0, Int(job["status"]!["failed"]));
        Assert.Null(JobConditions.Find(job["status"], JobConditions.FailureTarget));
    }

    [Fact]
    public async Task BackoffLimitPerIndex_OneIndexBacksOff_WhileAnIndexWithoutFailuresStartsAtOnce()
    {
        await using var h = await StartAsync();
        var spec = IndexedSpec(3, """{"backoffLimitPerIndex":2}""");
        spec["parallelism"] = 2;
        var uid = ObjectMeta.Uid(await CreateAsync(h, "pb", spec))!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 2, "indexes 0 and 1 run");
        await PodOutcomes.FailAsync(h.Client, await RunningIndexAsync(h, uid, 0));

        // Index 0 waits out its own 10 s backoff; index 2 never failed and takes the free slot now.
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Any(p => ObjectMeta.Annotation(p, JobLabels.CompletionIndex) == "2"), "index 2 runs");
        var indexes = (await RunningPodsAsync(h, uid)).Select(p => ObjectMeta.Annotation(p, JobLabels.CompletionIndex)).Order().ToList();
        Assert.Equal(["1", "2"], indexes);
    }

    [Fact]
    public async Task BackoffLimitPerIndexZero_FailedIndexIsNotRetried_AndTheJobFailsWithFailedIndexes()
    {
        await using var h = await StartAsync();
        var uid = ObjectMeta.Uid(await CreateAsync(h, "pi", IndexedSpec(3, """{"backoffLimitPerIndex":0}""")))!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 3, "three indexes run");
        Assert.All(await RunningPodsAsync(h, uid), p => Assert.Equal("0", ObjectMeta.Annotation(p, IndexFailures.FailureCountAnnotation)));
        await PodOutcomes.FailAsync(h.Client, await RunningIndexAsync(h, uid, 1));
        await Eventually.HoldsAsync(async () => (await h.GetAsync(Resource.Jobs, "pi"))["status"]?["failedIndexes"]?.GetValue<string>() == "1", "index 1 failed");
        await PodOutcomes.SucceedAsync(h.Client, await RunningIndexAsync(h, uid, 0));
        await PodOutcomes.SucceedAsync(h.Client, await RunningIndexAsync(h, uid, 2));

        await FinishedAsync(h, "pi", JobConditions.Failed);
        var job = await h.GetAsync(Resource.Jobs, "pi");
        Assert.Equal(JobConditions.FailedIndexes, Condition(job, JobConditions.Failed, "reason"));
        Assert.Equal(JobConditions.FailedIndexesMessage, Condition(job, JobConditions.Failed, "message"));
        Assert.Equal("0,2", job["status"]!["completedIndexes"]!.GetValue<string>());
        Assert.Equal("1", job["status"]!["failedIndexes"]!.GetValue<string>());
        Assert.Equal(3, (await h.PodsOfAsync(uid)).Count);
    }

    [Fact]
    public async Task MaxFailedIndexesExceeded_FailsTheJobAndStopsTheOtherIndexes()
    {
        await using var h = await StartAsync();
        var uid = ObjectMeta.Uid(await CreateAsync(h, "mx", IndexedSpec(3, """{"backoffLimitPerIndex":0,"maxFailedIndexes":0}""")))!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 3, "three indexes run");
        await PodOutcomes.FailAsync(h.Client, await RunningIndexAsync(h, uid, 2));

        await FinishedAsync(h, "mx", JobConditions.Failed);
        var job = await h.GetAsync(Resource.Jobs, "mx");
        Assert.Equal(JobConditions.MaxFailedIndexesExceeded, Condition(job, JobConditions.Failed, "reason"));
        Assert.Equal(JobConditions.MaxFailedIndexesExceededMessage, Condition(job, JobConditions.Failed, "message"));
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 0, "the other indexes were stopped");
    }

    [Fact]
    public async Task FailIndexRule_FailsOnlyThatIndex_DespiteRetriesLeft()
    {
        await using var h = await StartAsync();
        var spec = IndexedSpec(2, """{"backoffLimitPerIndex":5,"podFailurePolicy":{"rules":[{"action":"FailIndex","onExitCodes":{"operator":"In","values":[3]}}]}}""");
        var uid = ObjectMeta.Uid(await CreateAsync(h, "fi", spec))!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 2, "two indexes run");
        await PodExits.FailAsync(h.Client, await RunningIndexAsync(h, uid, 0), 3);
        await Eventually.HoldsAsync(async () => (await h.GetAsync(Resource.Jobs, "fi"))["status"]?["failedIndexes"]?.GetValue<string>() == "0", "index 0 failed for good");
        await PodOutcomes.SucceedAsync(h.Client, await RunningIndexAsync(h, uid, 1));

        await FinishedAsync(h, "fi", JobConditions.Failed);
        var job = await h.GetAsync(Resource.Jobs, "fi");
        Assert.Equal(JobConditions.FailedIndexes, Condition(job, JobConditions.Failed, "reason"));
        Assert.Equal(2, (await h.PodsOfAsync(uid)).Count);
    }

    [Fact]
    public async Task SuccessPolicy_Met_StopsTheRemainingPods_AndCompletesWithSuccessPolicy()
    {
        await using var h = await StartAsync();
        var uid = ObjectMeta.Uid(await CreateAsync(h, "sp", IndexedSpec(3, """{"successPolicy":{"rules":[{"succeededIndexes":"0"}]}}""")))!;
        await Eventually.HoldsAsync(async () => (await RunningPodsAsync(h, uid)).Count == 3, "three indexes run");
        await PodOutcomes.SucceedAsync(h.Client, await RunningIndexAsync(h, uid, 0));

        await FinishedAsync(h, "sp", JobConditions.Complete);
        var job = await h.GetAsync(Resource.Jobs, "sp");
        Assert.Equal(JobConditions.SuccessPolicy, Condition(job, JobConditions.SuccessCriteriaMet, "reason"));
        Assert.Equal("Matched rules at index 0", Condition(job, JobConditions.SuccessCriteriaMet, "message"));
        Assert.Equal(JobConditions.SuccessPolicy, Condition(job, JobConditions.Complete, "reason"));
        Assert.Equal("0", job["status"]!["completedIndexes"]!.GetValue<string>());
        Assert.Empty(await RunningPodsAsync(h, uid));
    }
}
