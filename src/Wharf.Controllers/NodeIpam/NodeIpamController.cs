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
/// range allocator). Which subnets are taken follows the Nodes in the cache (a Node's subnet is free again when it
/// goes) plus the subnets this controller has assigned and the cache may not show yet (<see cref="CidrAllocator"/>).
/// One worker, so two Nodes never race for the same subnet.
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
            OnAdd = Observe,
            OnUpdate = (_, n) => Observe(n),
            OnDelete = Forget,
        });
    }

    public string Name => ControllerNames.NodeIpam;

    /// <summary>Runs one worker whatever is asked: allocation must be serial.</summary>
    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_nodes], _queue, SyncAsync, 1, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var node = _nodes.Store.Get(key);
        if (node is null || PodCidr(node) is not null || _allocator.IsReserved(key))
            return;
        var cidr = _allocator.Reserve(key);
        if (cidr is null)
        {
            _events.Event(node, EventTypes.Normal, "CIDRNotAvailable", $"Node {key} status is now: CIDRNotAvailable");
            throw new InvalidOperationException($"no pod CIDR left for node {key}");
        }
        var patch = new JsonObject { ["spec"] = new JsonObject { ["podCIDR"] = cidr, ["podCIDRs"] = new JsonArray(cidr) } };
        try
        {
            await _client.PatchAsync(Resource.Nodes, null, key, PatchType.Merge, patch, null, ct);
            LogAssigned(_logger, cidr, key);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            // The node went away meanwhile: nothing to assign.
            _allocator.Release(key);
        }
        catch
        {
            _allocator.Release(key); // retried with backoff; the subnet must not stay held by a failed write
            throw;
        }
    }

    private void Observe(JsonObject node)
    {
        if (PodCidr(node) is { } cidr)
            _allocator.Observe(cidr);
        else if (ObjectMeta.Name(node) is { Length: > 0 } name)
            _queue.Add(name);
    }

    private void Forget(JsonObject node)
    {
        if (PodCidr(node) is { } cidr)
            _allocator.Forget(cidr);
        _allocator.Release(ObjectMeta.Name(node) ?? "");
    }

    private static string? PodCidr(JsonObject node) => node["spec"]?["podCIDR"].Str() is { Length: > 0 } cidr ? cidr : null;

    [LoggerMessage(EventId = 10301, Level = LogLevel.Information, Message = "Assigned pod CIDR {Cidr} to node {Node}")]
    private static partial void LogAssigned(ILogger logger, string cidr, string node);
}
