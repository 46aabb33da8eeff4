using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.PodControl;
using Wharf.Controllers.Tests.NodeLifecycle;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.Deployment;

/// <summary>What wakes the Deployment controller (alone, no ReplicaSet controller): its passes and status writes per rollout step.</summary>
public sealed class DeploymentWakeupsTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Ns = ControllerHarness.Namespace;

    [Fact]
    public async Task ItsOwnReplicaSetCreates_DoNotWakeItAgain()
    {
        const int deployments = 20;
        DeploymentController? controller = null;
        await using var h = await ControllerHarness.StartAsync(c => controller = new DeploymentController(c));
        for (var i = 0; i < deployments; i++) await h.CreateAsync(Resource.Deployments, Workloads.Deployment(Ns, $"web-{i}", 3, $"web-{i}"));

        await Eventually.HoldsAsync(async () => (await h.ListAsync(Resource.ReplicaSets)).Count == deployments, "the new ReplicaSets are created");
        await Task.Delay(TimeSpan.FromMilliseconds(700));

        // One pass per Deployment's add; a ReplicaSet it created (or its own status write) comes back as a pass only
        // when its watch event overtook the write's answer, which a loaded machine makes happen now and then. Woken
        // by its own creates, it would make at least two passes per Deployment.
        Assert.True(controller!.Passes >= deployments && controller.Passes < 2 * deployments, $"{controller.Passes} passes for {deployments} Deployments");
    }

    [Theory]
    [InlineData("batched", 3000, new[] { 0, 2 })]
    [InlineData("not batched", 0, new[] { 0, 1, 2 })]
    public async Task StatusOnlyReplicaSetChanges_WithinTheBatchPeriod_MakeOneDeploymentStatusWrite(string name, int batchMs, int[] expected)
    {
        await using var h = await ControllerHarness.StartAsync(c => new DeploymentController(c, TimeSpan.FromMilliseconds(batchMs)));
        var d = await h.CreateAsync(Resource.Deployments, Workloads.Deployment(Ns, "web", 2, "web"));
        await Eventually.HoldsAsync(async () => (await h.GetAsync(Resource.Deployments, Ns, "web"))["status"]?["observedGeneration"] is not null,
            "the first status is written");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var written = new List<int>();
        var watching = WatchReplicasAsync(h.Client, ObjectMeta.ResourceVersion(await h.GetAsync(Resource.Deployments, Ns, "web"))!, written, stop.Token);
        var rs = Assert.Single(await h.ListAsync(Resource.ReplicaSets));

        // The ReplicaSet controller's status writes, as its pods are created one after another.
        rs = await SetReplicasAsync(h.Client, rs, 1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await SetReplicasAsync(h.Client, rs, 2);

        await Eventually.HoldsAsync(() => Snapshot(written).Contains(2), "the Deployment counts both replicas");
        await stop.CancelAsync();
        await watching;
        Assert.True(expected.SequenceEqual(Snapshot(written)), $"{name}: {string.Join(",", Snapshot(written))}");
        Assert.Equal(ObjectMeta.Uid(d), OwnerReferences.ControllerOf(rs)?["uid"]?.GetValue<string>());
    }

    private static async Task<JsonObject> SetReplicasAsync(IApiClient client, JsonObject rs, int replicas)
    {
        rs["status"] = new JsonObject { ["replicas"] = replicas, ["observedGeneration"] = rs["metadata"]!["generation"]!.DeepClone() };
        return await client.UpdateStatusAsync(Resource.ReplicaSets, rs, Ct);
    }

    private static List<int> Snapshot(List<int> written)
    {
        lock (written) return [.. written];
    }

    /// <summary>status.replicas of each Deployment status written after <paramref name="fromVersion"/>, in order.</summary>
    private static async Task WatchReplicasAsync(IApiClient client, string fromVersion, List<int> written, CancellationToken ct)
    {
        lock (written) written.Add(0);
        JsonNode? last = null;
        try
        {
            var options = new ListOptions { ResourceVersion = fromVersion, FieldSelector = "metadata.name=web" };
            await foreach (var ev in client.WatchAsync(Resource.Deployments, Ns, options, ct))
            {
                var replicas = ev.Object["status"]?["replicas"];
                if (JsonNode.DeepEquals(replicas, last)) continue;
                last = replicas?.DeepClone();
                lock (written) written.Add(replicas?.GetValue<int>() ?? 0);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
