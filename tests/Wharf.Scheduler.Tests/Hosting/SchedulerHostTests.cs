using System.Text.Json.Nodes;
using Wharf.Client.Tests.Support;
using Wharf.Scheduler.Hosting;
using Wharf.Scheduler.Tests.Hollow;

namespace Wharf.Scheduler.Tests.Hosting;

/// <summary>The scheduler host against an in-process API server with hollow nodes.</summary>
public sealed class SchedulerHostTests
{
    private const string Ns = SchedulerEnvironment.Namespace;

    [Fact]
    public async Task Pods_AreBoundAndRunning_WithScheduledEventsAndMetrics()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.Nodes.AddAsync(new HollowNodeSpec("node-a"), new HollowNodeSpec("node-b"));
        var host = env.StartScheduler();
        for (var i = 0; i < 3; i++) await env.CreatePodAsync(ApiPods.Pod(Ns, $"web-{i}"));

        for (var i = 0; i < 3; i++)
        {
            var node = await env.WaitForBindingAsync($"web-{i}");
            Assert.Contains(node, new[] { "node-a", "node-b" });
            var pod = await env.WaitForPodAsync($"web-{i}", p => p["status"]?["phase"]?.GetValue<string>() == "Running", "running on its hollow node");
            Assert.Equal("True", ApiPods.Condition(pod, "PodScheduled")?["status"]?.GetValue<string>());
            var scheduled = await env.WaitForEventAsync($"web-{i}", "Scheduled");
            Assert.Equal($"Successfully assigned {Ns}/web-{i} to {node}", scheduled["message"]?.GetValue<string>());
            Assert.Equal("Normal", scheduled["type"]?.GetValue<string>());
            Assert.Equal("default-scheduler", scheduled["source"]?["component"]?.GetValue<string>());
        }

        var metrics = new StringWriter();
        host.WriteMetrics(metrics);
        var text = metrics.ToString();
        Assert.Contains("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"} 3\n", text);
        Assert.Contains("scheduler_scheduling_attempt_duration_seconds_count{profile=\"default-scheduler\",result=\"scheduled\"} 3\n", text);
        Assert.Contains("scheduler_pending_pods{queue=\"active\"} 0\n", text);
        Assert.Contains("leader_election_master_status{name=\"kube-scheduler\"} 1\n", text);
    }

    [Fact]
    public async Task PodThatFitsNowhere_GetsUnschedulableConditionAndFailedSchedulingEvent()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.Nodes.AddAsync(new HollowNodeSpec("small-a") { Cpu = "1" }, new HollowNodeSpec("small-b") { Cpu = "1" });
        env.StartScheduler();
        await env.CreatePodAsync(ApiPods.Pod(Ns, "big", cpu: "2"));

        const string expected = "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";
        var pod = await env.WaitForPodAsync("big", p => ApiPods.Condition(p, "PodScheduled") is not null, "has a PodScheduled condition");
        var condition = ApiPods.Condition(pod, "PodScheduled")!;
        Assert.Equal("False", condition["status"]?.GetValue<string>());
        Assert.Equal("Unschedulable", condition["reason"]?.GetValue<string>());
        Assert.Equal(expected, condition["message"]?.GetValue<string>());
        Assert.Null(ApiPods.NodeName(pod));
        var failed = await env.WaitForEventAsync("big", "FailedScheduling");
        Assert.Equal("Warning", failed["type"]?.GetValue<string>());
        Assert.Equal(expected, failed["message"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("nodeSelector")]
    [InlineData("taint")]
    [InlineData("cordon")]
    public async Task Filters_KeepPodsOffExcludedNodes(string @case)
    {
        // "preferred" is far bigger, so LeastAllocated would pick it unless the filter rules it out.
        var preferred = new HollowNodeSpec("preferred") { Cpu = "64", Memory = "256Gi" };
        var (excluded, spec) = @case switch
        {
            "nodeSelector" => (preferred, (Action<JsonObject>?)(s => s["nodeSelector"] = new JsonObject { ["disk"] = "ssd" })),
            "taint" => (preferred with { Taints = [("dedicated", "gpu", "NoSchedule")] }, null),
            "cordon" => (preferred with { Unschedulable = true }, null),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.Nodes.AddAsync(excluded, new HollowNodeSpec("allowed") { Cpu = "2", Labels = new Dictionary<string, string> { ["disk"] = "ssd" } });
        env.StartScheduler();
        await env.CreatePodAsync(ApiPods.Pod(Ns, "p", spec: spec));

        Assert.True(await env.WaitForBindingAsync("p") == "allowed", $"{@case}: the pod went to the excluded node");
    }

    [Fact]
    public async Task Cordon_AfterStart_IsSeenByTheScheduler()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.Nodes.AddAsync(new HollowNodeSpec("big") { Cpu = "64", Memory = "256Gi" }, new HollowNodeSpec("small") { Cpu = "2" });
        env.StartScheduler();
        await env.CreatePodAsync(ApiPods.Pod(Ns, "before"));
        Assert.Equal("big", await env.WaitForBindingAsync("before"));

        await env.Nodes.CordonAsync("big");
        await Task.Delay(300); // let the node update reach the scheduler's cache
        await env.CreatePodAsync(ApiPods.Pod(Ns, "after"));
        Assert.Equal("small", await env.WaitForBindingAsync("after"));
    }

    [Fact]
    public async Task HigherPriorityPod_PreemptsLowerPriorityPod_AndTakesItsPlace()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.Nodes.AddAsync(new HollowNodeSpec("only") { Cpu = "2" });
        env.StartScheduler();
        // Priorities come from PriorityClasses through the API server's priority admission, as upstream.
        var priorityClasses = new Client.Resource("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false);
        foreach (var (name, value) in new[] { ("test-low", 10), ("test-high", 1000) })
            await env.Client.CreateAsync(priorityClasses, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["value"] = value }, CancellationToken.None);
        await env.CreatePodAsync(ApiPods.Pod(Ns, "low", cpu: "1500m", spec: s => s["priorityClassName"] = "test-low"));
        Assert.Equal("only", await env.WaitForBindingAsync("low"));
        var low = await env.WaitForPodAsync("low", p => p["status"]?["phase"]?.GetValue<string>() == "Running", "running");
        var lowUid = low["metadata"]!["uid"]!.GetValue<string>();

        await env.CreatePodAsync(ApiPods.Pod(Ns, "high", cpu: "1500m", spec: s => s["priorityClassName"] = "test-high"));

        var preempted = await env.WaitForEventAsync("low", "Preempted");
        Assert.StartsWith("Preempted by pod ", preempted["message"]?.GetValue<string>());
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                var current = await env.GetPodAsync("low");
                return current["metadata"]!["uid"]!.GetValue<string>() != lowUid;
            }
            catch (Client.Rest.ApiException e) when (e.IsNotFound)
            {
                return true;
            }
        }, "the victim is gone");
        Assert.Equal("only", await env.WaitForBindingAsync("high", TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task SecondProfileFromConfigFile_SchedulesItsPods_UnderItsOwnName()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sched-config-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: my-scheduler
            """);
        try
        {
            await using var env = await SchedulerEnvironment.StartAsync();
            await env.Nodes.AddAsync(new HollowNodeSpec("node-a"));
            var host = env.StartScheduler(new SchedulerHostOptions { LeaderElect = false, ConfigFile = file });
            Assert.Equal(["default-scheduler", "my-scheduler"], host.Configuration.Profiles.Select(p => p.SchedulerName));
            await env.CreatePodAsync(ApiPods.Pod(Ns, "mine", spec: s => s["schedulerName"] = "my-scheduler"));
            await env.CreatePodAsync(ApiPods.Pod(Ns, "theirs", spec: s => s["schedulerName"] = "other-scheduler"));

            Assert.Equal("node-a", await env.WaitForBindingAsync("mine"));
            var scheduled = await env.WaitForEventAsync("mine", "Scheduled");
            Assert.Equal("my-scheduler", scheduled["source"]?["component"]?.GetValue<string>());
            // A pod for a scheduler that is not ours is left alone.
            Assert.Null(ApiPods.NodeName(await env.GetPodAsync("theirs")));
            Assert.Empty(await env.EventsForAsync("theirs"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
