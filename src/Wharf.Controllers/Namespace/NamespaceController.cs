using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Discovery;
using Wharf.Client.Meta;
using Wharf.Client.Queue;

namespace Wharf.Controllers.Namespace;

/// <summary>
/// Deletes the content of namespaces marked for deletion and then releases them (upstream's namespace
/// controller). Keys are namespace names; the queue's per-item backoff is capped at 60 s as upstream's is.
/// </summary>
public sealed class NamespaceController : IController
{
    /// <summary>Upstream's --namespace-sync-period: every namespace is looked at again this often.</summary>
    public static readonly TimeSpan ResyncPeriod = TimeSpan.FromMinutes(5);

    private readonly ISharedIndexInformer _namespaces;
    private readonly WorkQueue<string> _queue;
    private readonly NamespacedResourcesDeleter _deleter;
    private readonly ILogger _logger;

    public NamespaceController(ControllerContext context)
    {
        _logger = context.LoggerFactory.CreateLogger<NamespaceController>();
        _queue = new WorkQueue<string>(RateLimiters.WithMaxDelay<string>(TimeSpan.FromSeconds(60), context.Time), context.Time);
        _deleter = new NamespacedResourcesDeleter(context.Client, new DiscoveryClient(context.Client), context.Time, _logger);
        _namespaces = context.Informers.ForResource(Resource.Namespaces);
        _namespaces.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = Enqueue,
            OnUpdate = (_, ns) => Enqueue(ns),
            ResyncPeriod = ResyncPeriod,
        });
    }

    public string Name => ControllerNames.Namespace;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_namespaces], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var ns = _namespaces.Store.Get(key);
        if (ns is null || !ObjectMeta.IsBeingDeleted(ns)) return;
        await _deleter.DeleteAsync(key, ct);
    }

    private void Enqueue(JsonObject ns)
    {
        if (ObjectMeta.IsBeingDeleted(ns)) _queue.Add(CacheKeys.For(ns));
    }
}
