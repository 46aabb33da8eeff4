using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>
/// An informer: a <see cref="Reflector"/> feeds a <see cref="ThreadSafeStore"/>, and every change is fanned out to
/// the registered handlers. Store updates and notifications happen under one lock, so handlers see changes in
/// the order the cache took them.
/// </summary>
public sealed class SharedIndexInformer : ISharedIndexInformer, IReflectorSink<JsonObject>
{
    private readonly object _lock = new();
    private readonly ThreadSafeStore _store = new();
    private readonly List<ProcessorListener<JsonObject>> _listeners = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Reflector<JsonObject> _reflector;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private int _started;

    public SharedIndexInformer(IApiClient client, Resource resource, string? ns = null, InformerOptions? options = null, ILogger? logger = null)
    {
        Resource = resource;
        _options = options ?? InformerOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _reflector = new Reflector<JsonObject>(new JsonListWatch(client, resource, ns, _options), resource, _options, this, _logger);
    }

    public Resource Resource { get; }

    public IIndexer Store => _store;

    public bool HasSynced => _synced.Task.IsCompleted;

    public string? LastSyncResourceVersion => _reflector.LastSyncResourceVersion;

    public void AddEventHandler(ResourceEventHandler handler)
    {
        lock (_lock)
        {
            var listener = new ProcessorListener<JsonObject>(handler.OnAdd, handler.OnUpdate, handler.OnDelete, handler.ResyncPeriod, _logger, _options.Time);
            foreach (var obj in _store.List())
                listener.Post(new Notification<JsonObject>(NotificationKind.Add, null, obj));
            _listeners.Add(listener);
        }
    }

    public void AddIndexer(string name, IndexFunc func) => _store.AddIndexer(name, func);

    public Task WaitForSyncAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
            throw new InvalidOperationException($"informer for {Resource} already started");
        try
        {
            await Task.WhenAll(_reflector.RunAsync(ct), ResyncLoopAsync(ct));
        }
        finally
        {
            ProcessorListener<JsonObject>[] listeners;
            lock (_lock) listeners = _listeners.ToArray();
            foreach (var l in listeners) l.Complete();
            await Task.WhenAll(listeners.Select(l => l.Completion));
        }
    }

    void IReflectorSink<JsonObject>.Replace(IReadOnlyList<JsonObject> items)
    {
        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in items)
            {
                var key = CacheKeys.For(obj);
                seen.Add(key);
                var old = _store.Upsert(key, obj);
                if (old is null)
                    Distribute(new Notification<JsonObject>(NotificationKind.Add, null, obj));
                else if (ObjectMeta.ResourceVersion(old) != ObjectMeta.ResourceVersion(obj))
                    Distribute(new Notification<JsonObject>(NotificationKind.Update, old, obj));
            }
            foreach (var key in _store.ListKeys())
            {
                if (seen.Contains(key)) continue;
                // Deleted while we were not watching: the last state we knew is all there is.
                if (_store.Remove(key) is { } gone)
                    Distribute(new Notification<JsonObject>(NotificationKind.Delete, null, gone));
            }
        }
        _synced.TrySetResult();
    }

    void IReflectorSink<JsonObject>.Apply(WatchEventType type, JsonObject obj)
    {
        obj["apiVersion"] ??= Resource.GroupVersion;
        obj["kind"] ??= Resource.Kind;
        var key = CacheKeys.For(obj);
        lock (_lock)
        {
            if (type == WatchEventType.Deleted)
            {
                _store.Remove(key);
                Distribute(new Notification<JsonObject>(NotificationKind.Delete, null, obj));
                return;
            }
            var old = _store.Upsert(key, obj);
            Distribute(old is null
                ? new Notification<JsonObject>(NotificationKind.Add, null, obj)
                : new Notification<JsonObject>(NotificationKind.Update, old, obj));
        }
    }

    private void Distribute(Notification<JsonObject> notification)
    {
        foreach (var listener in _listeners) listener.Post(notification);
    }

    private async Task ResyncLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.ResyncCheckPeriod, _options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (!HasSynced) continue;
                lock (_lock)
                {
                    foreach (var listener in _listeners)
                    {
                        if (!listener.ResyncDue()) continue;
                        foreach (var obj in _store.List())
                            listener.Post(new Notification<JsonObject>(NotificationKind.Update, obj, obj));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
