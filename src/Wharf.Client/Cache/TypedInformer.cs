using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>
/// An informer whose cache holds models rather than JSON documents: every listed item and watch event is
/// deserialised once, straight from the response bytes, into <typeparamref name="T"/> (see <see cref="TypedModel{T}"/>),
/// for components that work on typed objects and would otherwise convert each document again. Same list+watch,
/// resume and ordering rules as <see cref="SharedIndexInformer"/>; its cache is keyed by namespace/name, without
/// indexers, and it has no resync (<see cref="InformerOptions.Transform"/> and <see cref="InformerOptions.MetadataOnly"/>
/// do not apply; use <see cref="TypedModel{T}.Transform"/>).
/// </summary>
public sealed class TypedInformer<T> : ITypedInformer, IReflectorSink<T> where T : class
{
    private readonly object _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly List<ProcessorListener<T>> _listeners = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Reflector<T> _reflector;
    private readonly TypedModel<T> _model;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private int _started;

    public TypedInformer(IApiClient client, Resource resource, TypedModel<T> model, string? ns = null, InformerOptions? options = null, ILogger? logger = null)
    {
        Resource = resource;
        _model = model;
        _options = options ?? InformerOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _reflector = new Reflector<T>(new TypedListWatch<T>(client, resource, ns, model), resource, _options, this, _logger);
    }

    public Resource Resource { get; }

    public bool HasSynced => _synced.Task.IsCompleted;

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    public string? LastSyncResourceVersion => _reflector.LastSyncResourceVersion;

    /// <summary>The cached object under a <see cref="CacheKeys"/> key.</summary>
    public T? Get(string key)
    {
        lock (_lock) return _items.GetValueOrDefault(key);
    }

    public IReadOnlyList<T> List()
    {
        lock (_lock) return _items.Values.ToList();
    }

    /// <summary>Registers a handler; when added late it first receives every cached object as an add.</summary>
    public void AddEventHandler(TypedEventHandler<T> handler)
    {
        lock (_lock)
        {
            var listener = new ProcessorListener<T>(handler.OnAdd, handler.OnUpdate, handler.OnDelete, TimeSpan.Zero, _logger, _options.Time);
            foreach (var obj in _items.Values)
                listener.Post(new Notification<T>(NotificationKind.Add, null, obj));
            _listeners.Add(listener);
        }
    }

    public Task WaitForSyncAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
            throw new InvalidOperationException($"informer for {Resource} already started");
        try
        {
            await _reflector.RunAsync(ct);
        }
        finally
        {
            ProcessorListener<T>[] listeners;
            lock (_lock) listeners = _listeners.ToArray();
            foreach (var l in listeners) l.Complete();
            await Task.WhenAll(listeners.Select(l => l.Completion));
        }
    }

    void IReflectorSink<T>.Replace(IReadOnlyList<T> items)
    {
        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in items)
            {
                var key = _model.KeyOf(obj);
                seen.Add(key);
                _items.TryGetValue(key, out var old);
                _items[key] = obj;
                if (old is null)
                    Distribute(new Notification<T>(NotificationKind.Add, null, obj));
                else if (_model.ResourceVersion(old) != _model.ResourceVersion(obj))
                    Distribute(new Notification<T>(NotificationKind.Update, old, obj));
            }
            foreach (var key in _items.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                // Deleted while we were not watching: the last state we knew is all there is.
                _items.Remove(key, out var gone);
                Distribute(new Notification<T>(NotificationKind.Delete, null, gone!));
            }
        }
        _synced.TrySetResult();
    }

    void IReflectorSink<T>.Apply(WatchEventType type, T obj)
    {
        var key = _model.KeyOf(obj);
        lock (_lock)
        {
            if (type == WatchEventType.Deleted)
            {
                _items.Remove(key);
                Distribute(new Notification<T>(NotificationKind.Delete, null, obj));
                return;
            }
            _items.TryGetValue(key, out var old);
            _items[key] = obj;
            Distribute(old is null
                ? new Notification<T>(NotificationKind.Add, null, obj)
                : new Notification<T>(NotificationKind.Update, old, obj));
        }
    }

    private void Distribute(Notification<T> notification)
    {
        foreach (var listener in _listeners) listener.Post(notification);
    }
}
