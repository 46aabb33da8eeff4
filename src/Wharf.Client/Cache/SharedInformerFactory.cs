using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>
/// Hands out one informer per (resource, namespace) so every component of a process shares a single
/// list+watch and cache. <see cref="Start"/> runs the informers created so far (call it again after creating more).
/// </summary>
public sealed class SharedInformerFactory(IApiClient client, InformerOptions? options = null, ILoggerFactory? loggerFactory = null)
{
    private readonly object _lock = new();
    private readonly Dictionary<(Resource, string?, string?), SharedIndexInformer> _informers = new();
    private readonly Dictionary<SharedIndexInformer, Task> _running = new();
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;

    public IApiClient Client => client;

    /// <summary>The shared informer of a resource, across all namespaces (<paramref name="ns"/> null) or in one.</summary>
    public ISharedIndexInformer ForResource(Resource resource, string? ns = null) => ForResource(resource, ns, fieldSelector: null);

    /// <summary>
    /// The shared informer of the objects of a resource that a field selector matches: a component that needs a few
    /// objects of a busy resource (one ConfigMap per namespace) then neither receives nor keeps the others.
    /// </summary>
    public ISharedIndexInformer ForResource(Resource resource, string? ns, string? fieldSelector)
    {
        lock (_lock)
        {
            if (!_informers.TryGetValue((resource, ns, fieldSelector), out var informer))
            {
                var informerOptions = fieldSelector is null ? options : (options ?? InformerOptions.Default) with { FieldSelector = fieldSelector };
                informer = new SharedIndexInformer(client, resource, ns, informerOptions, _loggerFactory.CreateLogger($"Wharf.Client.Informer.{resource.GroupResource}"));
                _informers[(resource, ns, fieldSelector)] = informer;
            }
            return informer;
        }
    }

    /// <summary>Starts every informer not yet running; they stop when <paramref name="ct"/> fires.</summary>
    public void Start(CancellationToken ct)
    {
        lock (_lock)
        {
            foreach (var informer in _informers.Values)
            {
                if (!_running.ContainsKey(informer))
                    _running[informer] = Task.Run(() => informer.RunAsync(ct), CancellationToken.None);
            }
        }
    }

    /// <summary>Waits until every started informer has synced.</summary>
    public Task WaitForCacheSyncAsync(CancellationToken ct)
    {
        lock (_lock) return Task.WhenAll(_running.Keys.Select(i => i.WaitForSyncAsync(ct)));
    }

    /// <summary>Waits for the started informers to finish after their token fired.</summary>
    public Task ShutdownAsync()
    {
        lock (_lock) return Task.WhenAll(_running.Values);
    }
}
