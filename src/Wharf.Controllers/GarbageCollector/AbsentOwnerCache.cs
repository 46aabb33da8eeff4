namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// Owners verified not to exist, so that many dependents of one deleted owner cost one lookup (upstream's
/// 500-entry LRU of absent owners).
/// </summary>
internal sealed class AbsentOwnerCache(int capacity = 500)
{
    private readonly object _lock = new();
    private readonly LinkedList<ObjectIdentity> _order = new();
    private readonly Dictionary<ObjectIdentity, LinkedListNode<ObjectIdentity>> _entries = new();

    public void Add(ObjectIdentity identity)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(identity, out var existing)) _order.Remove(existing);
            _entries[identity] = _order.AddFirst(identity);
            if (_entries.Count <= capacity) return;
            _entries.Remove(_order.Last!.Value);
            _order.RemoveLast();
        }
    }

    public bool Has(ObjectIdentity identity)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(identity, out var node)) return false;
            _order.Remove(node);
            _order.AddFirst(node);
            return true;
        }
    }
}
