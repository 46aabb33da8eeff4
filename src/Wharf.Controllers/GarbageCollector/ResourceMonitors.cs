using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Discovery;
using Wharf.Client.Rest;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// One informer per resource that supports list, watch and delete (events excepted), found by discovery and
/// re-discovered on every <see cref="SyncAsync"/> so custom resources join and vanished ones stop. Every change
/// they see goes to <paramref name="sink"/>. Also maps an owner reference's apiVersion/kind to its resource.
/// The resources the controller manager's controllers watch anyway come from its shared informers
/// (<paramref name="shared"/>, see <see cref="SharedMonitorResources"/>); the others get informers of their own that are
/// metadata-only (PartialObjectMetadata, as upstream's collector watches) and keep only what the graph reads
/// (<see cref="GraphMetadata"/>): they hold every object of the cluster.
/// </summary>
internal sealed partial class ResourceMonitors(IApiClient client, SharedInformerFactory? shared, InformerOptions informerOptions, Action<GraphEvent> sink,
    ILoggerFactory loggerFactory)
{
    private static readonly HashSet<(string Group, string Plural)> Ignored = [("", "events"), ("events.k8s.io", "events")];

    private readonly DiscoveryClient _discovery = new(client);
    private readonly InformerOptions _informerOptions = informerOptions with { MetadataOnly = true, Projection = GraphMetadata.Projection, Transform = null };
    private readonly object _lock = new();
    // Stop and Run are null for a shared informer: the manager runs and stops it.
    private readonly Dictionary<Resource, (ISharedIndexInformer Informer, GraphEventForwarder Forwarder, CancellationTokenSource? Stop, Task? Run)> _monitors = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<ResourceMonitors>();
    private Dictionary<(string Group, string Kind), Resource> _kinds = new();

    public int Count
    {
        get { lock (_lock) return _monitors.Count; }
    }

    /// <summary>The resource of a kind (at the group's preferred version, which serves every version's objects).</summary>
    public Resource? Resolve(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        lock (_lock) return _kinds.GetValueOrDefault((group, kind));
    }

    /// <summary>Discovers, starts monitors for new resources and stops those no longer served.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        var discovered = await _discovery.ServerPreferredResourcesAsync(ct);
        var kinds = discovered.Resources.Where(r => r.Resource.Kind.Length > 0)
            .GroupBy(r => (r.Resource.Group, r.Resource.Kind)).ToDictionary(g => g.Key, g => g.First().Resource);
        var wanted = discovered.Resources
            .Where(r => r.Supports("list") && r.Supports("watch") && r.Supports("delete") && !Ignored.Contains((r.Resource.Group, r.Resource.Plural)))
            .Select(r => r.Resource).ToHashSet();
        var started = new List<ISharedIndexInformer>();
        lock (_lock)
        {
            _kinds = kinds;
            foreach (var resource in _monitors.Keys.Where(r => !wanted.Contains(r)).ToList())
            {
                // A group that failed discovery is not gone: keep watching it until it answers again.
                if (discovered.FailedGroups.ContainsKey(resource.GroupVersion)) continue;
                _monitors[resource].Forwarder.Stop();
                _monitors[resource].Stop?.Cancel();
                _monitors.Remove(resource);
                LogStopped(_logger, resource.ToString());
            }
            foreach (var resource in wanted.Where(r => !_monitors.ContainsKey(r)))
            {
                var forwarder = new GraphEventForwarder(sink);
                if (shared is not null && SharedMonitorResources.Shared(resource) is { } common)
                {
                    // Read-only use of the manager's cached objects: the graph only reads their metadata.
                    var informer = shared.ForResource(common);
                    informer.AddEventHandler(forwarder.Handler);
                    _monitors[resource] = (informer, forwarder, null, null);
                    started.Add(informer);
                }
                else
                {
                    var informer = new SharedIndexInformer(client, resource, null, _informerOptions, loggerFactory.CreateLogger($"Wharf.Controllers.GarbageCollector.{resource.GroupResource}"));
                    informer.AddEventHandler(forwarder.Handler);
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    _monitors[resource] = (informer, forwarder, stop, Task.Run(() => informer.RunAsync(stop.Token), CancellationToken.None));
                    started.Add(informer);
                }
                LogStarted(_logger, resource.ToString());
            }
        }
        // A shared informer no controller asked for (its controller disabled) is created above and started here.
        shared?.Start(ct);
        await Task.WhenAll(started.Select(i => i.WaitForSyncAsync(ct)));
    }

    public async Task StopAsync()
    {
        List<Task> runs;
        lock (_lock)
        {
            foreach (var m in _monitors.Values)
            {
                m.Forwarder.Stop();
                m.Stop?.Cancel();
            }
            runs = _monitors.Values.Select(m => m.Run).OfType<Task>().ToList();
            _monitors.Clear();
        }
        try
        {
            await Task.WhenAll(runs);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 10731, Level = LogLevel.Debug, Message = "Garbage collector monitors {Resource}")]
    private static partial void LogStarted(ILogger logger, string resource);

    [LoggerMessage(EventId = 10732, Level = LogLevel.Information, Message = "Garbage collector stopped monitoring {Resource}: no longer served")]
    private static partial void LogStopped(ILogger logger, string resource);
}
