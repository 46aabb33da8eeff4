using System.Text.Json.Nodes;

namespace Wharf.Client.Cache;

/// <summary>The informer's cache: objects by key plus the indices its index functions define, under one lock.</summary>
internal sealed class ThreadSafeStore : IIndexer
{
    private readonly object _lock = new();
    private readonly Dictionary<string, JsonObject> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexFunc> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indices = new(StringComparer.Ordinal);

    public ThreadSafeStore()
    {
        AddIndexer(Indexers.Namespace, Indexers.ByNamespace);
    }

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    /// <summary>Adds an index and builds it over what is cached already.</summary>
    public void AddIndexer(string name, IndexFunc func)
    {
        lock (_lock)
        {
            if (_indexers.ContainsKey(name)) throw new InvalidOperationException($"indexer \"{name}\" already exists");
            _indexers[name] = func;
            _indices[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, obj) in _items) IndexOne(name, func, key, obj);
        }
    }

    /// <summary>Inserts or replaces; returns the previous object.</summary>
    public JsonObject? Upsert(string key, JsonObject obj)
    {
        lock (_lock)
        {
            _items.TryGetValue(key, out var old);
            if (old is not null) Unindex(key, old);
            _items[key] = obj;
            foreach (var (name, func) in _indexers) IndexOne(name, func, key, obj);
            return old;
        }
    }

    public JsonObject? Remove(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old)) return null;
            Unindex(key, old);
            return old;
        }
    }

    public JsonObject? Get(string key)
    {
        lock (_lock) return _items.GetValueOrDefault(key);
    }

    public JsonObject? Get(string? ns, string name) => Get(CacheKeys.For(ns, name));

    public IReadOnlyList<JsonObject> List()
    {
        lock (_lock) return _items.Values.ToList();
    }

    public IReadOnlyList<string> ListKeys()
    {
        lock (_lock) return _items.Keys.ToList();
    }

    public IReadOnlyList<JsonObject> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indices.TryGetValue(indexName, out var index)) throw new ArgumentException($"no index \"{indexName}\"", nameof(indexName));
            return index.TryGetValue(value, out var keys) ? keys.Select(k => _items[k]).ToList() : [];
        }
    }

    private void IndexOne(string name, IndexFunc func, string key, JsonObject obj)
    {
        var index = _indices[name];
        foreach (var value in func(obj))
        {
            if (!index.TryGetValue(value, out var keys)) index[value] = keys = new HashSet<string>(StringComparer.Ordinal);
            keys.Add(key);
        }
    }

    private void Unindex(string key, JsonObject old)
    {
        foreach (var (name, func) in _indexers)
        {
            var index = _indices[name];
            foreach (var value in func(old))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                    index.Remove(value);
            }
        }
    }
}
