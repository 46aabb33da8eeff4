using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;

namespace Wharf.Controllers.NodeIpam;

/// <summary>
/// Gives every Node a spec.podCIDR (and podCIDRs) from the cluster CIDR (upstream's node-ipam-controller with the
/// range allocator). Which subnets are taken is read from the Nodes in the cache, so a Node's subnet is released
/// when it goes. One worker, so two Nodes never race for the same subnet; and the subnets this controller assigned
/// count as taken until the Node is deleted, because the cache may not have seen the assigning patch yet when the
/// next Node (or a stale event of the same Node) is synced — upstream's range allocator keeps its cidrSet for the
/// same reason.
/// </summary>
public sealed partial class NodeIpamController : IController
{
    public const string DefaultClusterCidr = "10.42.0.0/16";

    private readonly ISharedIndexInformer _nodes;
    private readonly WorkQueue<string> _queue;
    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly CidrAllocator _allocator;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, string> _assigned = new(StringComparer.Ordinal);

    public NodeIpamController(ControllerContext context, string clusterCidr = DefaultClusterCidr, int nodeMaskSize = 24)
    {
        _client = context.Client;
        _events = context.Events;
        _allocator = new CidrAllocator(clusterCidr, nodeMaskSize);
        _logger = context.LoggerFactory.CreateLogger<NodeIpamController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _nodes = context.Informers.ForResource(Resource.Nodes);
        _nodes.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = n => Enqueue(n),
            OnUpdate = (_, n) => Enqueue(n),
            OnDelete = n => _assigned.TryRemove(ObjectMeta.Name(n) ?? "", out _),
        });
    }

    public string Name => ControllerNames.NodeIpam;

    /// <summary>Runs one worker whatever is asked: allocation must be serial.</summary>
    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_nodes], _queue, SyncAsync, 1, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var node = _nodes.Store.Get(key);
        if (node is null || node["spec"]?["podCIDR"].Str() is { Length: > 0 } || _assigned.ContainsKey(key))
            return;
        var inUse = _nodes.Store.List()
            .Select(n => n["spec"]?["podCIDR"].Str())
            .OfType<string>()
            .Where(_allocator.Contains)
            .Concat(_assigned.Values);
        var cidr = _allocator.Allocate(inUse);
        if (cidr is null)
        {
            _events.Event(node, EventTypes.Normal, "CIDRNotAvailable", $"Node {key} status is now: CIDRNotAvailable");
            throw new InvalidOperationException($"no pod CIDR left for node {key}");
        }
        var patch = new JsonObject { ["spec"] = new JsonObject { ["podCIDR"] = cidr, ["podCIDRs"] = new JsonArray(cidr) } };
        try
        {
            await _client.PatchAsync(Resource.Nodes, null, key, PatchType.Merge, patch, null, ct);
            _assigned[key] = cidr;
            LogAssigned(_logger, cidr, key);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            // The node went away meanwhile: nothing to assign.
        }
    }

    private void Enqueue(JsonObject node)
    {
        if (ObjectMeta.Name(node) is { Length: > 0 } name && node["spec"]?["podCIDR"].Str() is not { Length: > 0 })
            _queue.Add(name);
    }

    [LoggerMessage(EventId = 10301, Level = LogLevel.Information, Message = "Assigned pod CIDR {Cidr} to node {Node}")]
    private static partial void LogAssigned(ILogger logger, string cidr, string node);
}
