using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Scheduler.Tests.Hollow;

/// <summary>
/// Node objects without a kubelet behind them, acting just enough like one: pods bound to a hollow node are marked
/// Running and Ready, and pods being deleted there are finalized with grace period 0 once seen terminating.
/// </summary>
internal sealed class HollowNodes : IAsyncDisposable
{
    private readonly IApiClient _client;
    private readonly ConcurrentDictionary<string, HollowNodeSpec> _nodes = new(StringComparer.Ordinal);
    private readonly Channel<JsonObject> _work = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly SharedIndexInformer _pods;
    private readonly Task _informer;
    private readonly Task _worker;

    public HollowNodes(IApiClient client)
    {
        _client = client;
        _pods = new SharedIndexInformer(client, Resource.Pods);
        _pods.AddEventHandler(new ResourceEventHandler { OnAdd = Enqueue, OnUpdate = (_, now) => Enqueue(now) });
        _informer = _pods.RunAsync(_stop.Token);
        _worker = Task.Run(WorkAsync);
    }

    public async Task<JsonObject> AddAsync(HollowNodeSpec spec, CancellationToken ct = default)
    {
        _nodes[spec.Name] = spec;
        var created = await _client.CreateAsync(Resource.Nodes, null, spec.ToNode(), ct);
        // Status is ignored on create; set it through the status subresource like a kubelet's first heartbeat.
        var withStatus = created.DeepClone().AsObject();
        withStatus["status"] = spec.ToNode()["status"]!.DeepClone();
        return await _client.UpdateStatusAsync(Resource.Nodes, withStatus, ct);
    }

    public Task AddAsync(params HollowNodeSpec[] specs) => Task.WhenAll(specs.Select(s => AddAsync(s)));

    /// <summary>kubectl cordon / uncordon.</summary>
    public Task CordonAsync(string node, bool unschedulable = true, CancellationToken ct = default) =>
        _client.PatchAsync(Resource.Nodes, null, node, PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = unschedulable } }, null, ct);

    private void Enqueue(JsonObject pod)
    {
        if (pod["spec"]?["nodeName"]?.GetValue<string>() is { } node && _nodes.ContainsKey(node)) _work.Writer.TryWrite(pod);
    }

    private async Task WorkAsync()
    {
        await foreach (var pod in _work.Reader.ReadAllAsync())
        {
            try
            {
                await HandleAsync(pod, _stop.Token);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or OperationCanceledException)
            {
                // The pod changed or went away meanwhile; the next notification brings the current state.
            }
        }
    }

    private async Task HandleAsync(JsonObject pod, CancellationToken ct)
    {
        var meta = pod["metadata"]!;
        var ns = meta["namespace"]!.GetValue<string>();
        var name = meta["name"]!.GetValue<string>();
        if (meta["deletionTimestamp"] is not null)
        {
            await _client.DeleteAsync(Resource.Pods, ns, name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = meta["uid"]?.GetValue<string>() }, ct);
            return;
        }
        if (pod["status"]?["phase"]?.GetValue<string>() != "Pending") return;
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["hostIP"] = "10.0.0.1",
                ["podIP"] = "10.244.0.1",
                ["startTime"] = now,
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Initialized", ["status"] = "True", ["lastTransitionTime"] = now },
                    new JsonObject { ["type"] = "ContainersReady", ["status"] = "True", ["lastTransitionTime"] = now },
                    new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now }),
            },
        };
        await _client.PatchAsync(Resource.Pods, ns, name, PatchType.StrategicMerge, patch, new PatchOptions { Subresource = "status" }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _work.Writer.TryComplete();
        await Task.WhenAll(_informer, _worker).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
