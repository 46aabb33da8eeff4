using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Bench.Density;

/// <summary>
/// Nodes without machines: registered Ready with room for many pods, and a kubelet stand-in that turns every pod
/// bound to one of them into a Running, Ready pod with an IP, recording when each pod was first seen, bound and
/// reported ready (bench clock).
/// </summary>
internal sealed class HollowNodes(IApiClient client, int count)
{
    private readonly ConcurrentDictionary<string, long> _firstSeen = new();
    private readonly ConcurrentDictionary<string, long> _bound = new();
    private readonly ConcurrentDictionary<string, long> _ready = new();
    // Async queues: workers blocked on a BlockingCollection each held a thread and woke through the kernel for
    // every pod, switching threads on the two cores the wave is measured on.
    private readonly Channel<HollowPod> _toStart = Channel.CreateUnbounded<HollowPod>();
    private readonly Channel<HollowPod> _toRemove = Channel.CreateUnbounded<HollowPod>();
    private readonly TypedInformer<HollowPod> _pods = new(client, Resource.Pods, HollowPod.Model);
    private readonly ConcurrentDictionary<string, byte> _removing = new();
    private int _nextIp;

    private string? _measuredPrefix;
    private int _measuredBound;
    private int _measuredReady;

    /// <summary>
    /// From now on the counts and latencies below are of <paramref name="ns"/>'s pods only (every pod is still
    /// started); call it before the namespace's first pod exists.
    /// </summary>
    public void MeasureOnly(string ns)
    {
        _measuredPrefix = ns + "/";
        Volatile.Write(ref _measuredBound, 0);
        Volatile.Write(ref _measuredReady, 0);
    }

    // Counted as pods arrive: the benchmark polls these every 50 ms, and counting the keys each time walked
    // thousands of them on the cores the wave is measured on.
    public int Bound => Volatile.Read(ref _measuredBound);

    public int Ready => Volatile.Read(ref _measuredReady);

    public IEnumerable<double> StartupMilliseconds => Since(_firstSeen, _ready);

    public IEnumerable<double> SchedulingMilliseconds => Since(_firstSeen, _bound);

    private IEnumerable<double> Since(ConcurrentDictionary<string, long> from, ConcurrentDictionary<string, long> to) =>
        to.Where(t => IsMeasured(t.Key))
            .Select(t => from.TryGetValue(t.Key, out var seen) ? Stopwatch.GetElapsedTime(seen, t.Value).TotalMilliseconds : double.NaN)
            .Where(ms => !double.IsNaN(ms));

    /// <summary>
    /// Measured pods bound in each <paramref name="interval"/> from <paramref name="start"/> (a Stopwatch timestamp):
    /// the wave's shape, which tells a rate held throughout from a slow start or a long tail.
    /// </summary>
    public int[] BoundPerInterval(long start, TimeSpan interval)
    {
        var bins = new List<int>();
        foreach (var (_, at) in _bound.Where(b => IsMeasured(b.Key)))
        {
            var bin = (int)(Stopwatch.GetElapsedTime(start, at) / interval);
            if (bin < 0) continue;
            while (bins.Count <= bin) bins.Add(0);
            bins[bin]++;
        }
        return [.. bins];
    }

    private bool IsMeasured(string key) => _measuredPrefix is null || key.StartsWith(_measuredPrefix, StringComparison.Ordinal);

    public async Task RegisterAsync(CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
            await client.CreateAsync(Resource.Nodes, null, Node($"hollow-{i}"), ct);
    }

    /// <summary>
    /// Watches pods (typed, only the fields a kubelet stand-in reads: <see cref="HollowPod"/>) and starts
    /// <paramref name="workers"/> status writers; <see cref="WaitForSyncAsync"/> waits for the pods' first list.
    /// </summary>
    public IReadOnlyList<Task> Run(int workers, CancellationToken ct)
    {
        _pods.AddEventHandler(new TypedEventHandler<HollowPod> { OnAdd = Observe, OnUpdate = (_, pod) => Observe(pod) });
        return [
            Task.Run(() => _pods.RunAsync(ct), ct),
            .. Enumerable.Range(0, workers).Select(_ => Task.Run(() => StartPodsAsync(ct), ct)),
            .. Enumerable.Range(0, Math.Max(1, workers / 2)).Select(_ => Task.Run(() => RemovePodsAsync(ct), ct)),
        ];
    }

    public Task WaitForSyncAsync(CancellationToken ct) => _pods.WaitForSyncAsync(ct);

    private void Observe(HollowPod pod)
    {
        var key = pod.Key;
        var now = Stopwatch.GetTimestamp();
        _firstSeen.TryAdd(key, now);
        if (string.IsNullOrEmpty(pod.Spec?.NodeName)) return;
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // A deleted pod's containers "stop" at once: the kubelet's final delete, as in a rolling update.
            if (_removing.TryAdd(key, 0)) _toRemove.Writer.TryWrite(pod);
            return;
        }
        if (_bound.TryAdd(key, now))
        {
            if (IsMeasured(key)) Interlocked.Increment(ref _measuredBound);
            _toStart.Writer.TryWrite(pod);
        }
        if (pod.Status?.Phase == "Running" && _ready.TryAdd(key, now) && IsMeasured(key))
            Interlocked.Increment(ref _measuredReady);
    }

    /// <summary>One merge patch of pods/status per pod: Running, an IP, the four conditions (what a kubelet's first status says).</summary>
    private async Task StartPodsAsync(CancellationToken ct)
    {
        await foreach (var pod in _toStart.Reader.ReadAllAsync(ct))
        {
            var ip = Interlocked.Increment(ref _nextIp);
            var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            JsonObject Condition(string type) => new() { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now };
            var status = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["podIP"] = $"10.{100 + ip / 65536}.{ip / 256 % 256}.{ip % 256}",
                    ["startTime"] = now,
                    ["conditions"] = new JsonArray(Condition("PodScheduled"), Condition("Initialized"), Condition("ContainersReady"), Condition("Ready")),
                },
            };
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await client.PatchAsync(Resource.Pods, pod.Metadata.Namespace, pod.Metadata.Name!, PatchType.Merge, status, new PatchOptions { Subresource = "status" }, ct);
                    break;
                }
                catch (ApiException e) when (e.IsNotFound)
                {
                    break;
                }
                catch (Exception e) when (e is ApiException or HttpRequestException && attempt < 5)
                {
                    await Task.Delay(50, ct);
                }
            }
        }
    }

    private async Task RemovePodsAsync(CancellationToken ct)
    {
        await foreach (var pod in _toRemove.Reader.ReadAllAsync(ct))
        {
            try
            {
                await client.DeleteAsync(Resource.Pods, pod.Metadata.Namespace, pod.Metadata.Name!,
                    new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Metadata.Uid }, ct);
            }
            catch (ApiException e) when (e.IsNotFound || e.IsConflict)
            {
                // Gone already, or a new pod of the same name.
            }
        }
    }

    private static JsonObject Node(string name)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var capacity = new JsonObject { ["cpu"] = "64", ["memory"] = "256Gi", ["pods"] = "110", ["ephemeral-storage"] = "500Gi" };
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" } },
            ["status"] = new JsonObject
            {
                ["capacity"] = capacity,
                ["allocatable"] = capacity.DeepClone(),
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now,
                }),
                ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "192.0.2.1" }),
            },
        };
    }
}
