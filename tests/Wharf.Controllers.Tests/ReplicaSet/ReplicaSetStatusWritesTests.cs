using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.ReplicaSet;
using Wharf.Controllers.Tests.NodeLifecycle;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.ReplicaSet;

/// <summary>How many status writes a ReplicaSet's pods cause: the cost per pod of a controller at density.</summary>
public sealed class ReplicaSetStatusWritesTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    // Longer than the pod creations of a slow-start pass take on a loaded machine: a delayed pass that fires while
    // the last creations are still in flight rightly writes the partial count (2 s was once too short under load).
    private static readonly TimeSpan BatchPeriod = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PodsCreatedTogether_AndTurningReadyTogether_MakeOneStatusWriteEach()
    {
        await using var h = await ControllerHarness.StartAsync(c => new ReplicaSetController(c, ReplicaSetKind.ReplicaSet, statusBatchPeriod: BatchPeriod));
        var rs = await h.CreateAsync(Resource.ReplicaSets, Workloads.ReplicaSet(ControllerHarness.Namespace, "web", 3, "web"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var written = new List<(int Replicas, int Ready)>();
        var watching = WatchStatusesAsync(h.Client, rs, written, stop.Token);

        await Eventually.HoldsAsync(() => Snapshot(written).Contains((3, 0)), "the three pods are counted");
        // The creations' delayed passes run and find nothing to write.
        await Task.Delay(BatchPeriod + TimeSpan.FromMilliseconds(300));
        var pods = await h.ListAsync(Resource.Pods);
        Assert.Equal(3, pods.Count);
        await Task.WhenAll(pods.Select(p => h.SetPodStatusAsync(ObjectMeta.Name(p)!, "Running", ready: true)));
        await Eventually.HoldsAsync(() => Snapshot(written).Contains((3, 3)), "the three ready pods are counted");
        await stop.CancelAsync();
        await watching;

        // Upstream writes one status per pod event here: replicas 1 then 3 (slow start), then ready 1, 2, 3.
        Assert.Equal([(0, 0), (3, 0), (3, 3)], Snapshot(written));
    }

    private static List<(int, int)> Snapshot(List<(int, int)> written)
    {
        lock (written) return [.. written];
    }

    /// <summary>Each status the ReplicaSet is written with, in order, from its creation on.</summary>
    private static async Task WatchStatusesAsync(IApiClient client, JsonObject rs, List<(int Replicas, int Ready)> written, CancellationToken ct)
    {
        JsonNode? last = null;
        try
        {
            var options = new ListOptions { ResourceVersion = ObjectMeta.ResourceVersion(rs), FieldSelector = $"metadata.name={ObjectMeta.Name(rs)}" };
            await foreach (var ev in client.WatchAsync(Resource.ReplicaSets, ControllerHarness.Namespace, options, ct))
            {
                var status = ev.Object["status"];
                if (status is null || JsonNode.DeepEquals(status, last)) continue;
                last = status.DeepClone();
                lock (written) written.Add((status["replicas"]?.GetValue<int>() ?? 0, status["readyReplicas"]?.GetValue<int>() ?? 0));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
