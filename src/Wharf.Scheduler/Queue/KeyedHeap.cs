namespace Wharf.Scheduler.Queue;

/// <summary>Binary heap with O(log n) update and delete by key (pod UID), as upstream's heap.Heap.</summary>
internal sealed class KeyedHeap<T>(Func<T, string> key, Func<T, T, bool> less) where T : class
{
    private readonly List<T> _items = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public int Count => _items.Count;

    public bool Contains(string k) => _index.ContainsKey(k);

    public T? Get(string k) => _index.TryGetValue(k, out var i) ? _items[i] : null;

    public T? Peek() => _items.Count > 0 ? _items[0] : null;

    public IEnumerable<T> Items => _items;

    public void AddOrUpdate(T item)
    {
        var k = key(item);
        if (_index.TryGetValue(k, out var i))
        {
            _items[i] = item;
            Fix(i);
            return;
        }
        _items.Add(item);
        _index[k] = _items.Count - 1;
        Up(_items.Count - 1);
    }

    public T? Pop()
    {
        if (_items.Count == 0) return null;
        var top = _items[0];
        RemoveAt(0);
        return top;
    }

    public bool Delete(string k)
    {
        if (!_index.TryGetValue(k, out var i)) return false;
        RemoveAt(i);
        return true;
    }

    private void RemoveAt(int i)
    {
        var last = _items.Count - 1;
        _index.Remove(key(_items[i]));
        if (i != last)
        {
            _items[i] = _items[last];
            _index[key(_items[i])] = i;
        }
        _items.RemoveAt(last);
        if (i < _items.Count) Fix(i);
    }

    private void Fix(int i)
    {
        if (!Up(i)) Down(i);
    }

    private bool Up(int i)
    {
        var moved = false;
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!less(_items[i], _items[parent])) break;
            Swap(i, parent);
            i = parent;
            moved = true;
        }
        return moved;
    }

    private void Down(int i)
    {
        while (true)
        {
            var l = 2 * i + 1;
            if (l >= _items.Count) return;
            var smallest = l + 1 < _items.Count && less(_items[l + 1], _items[l]) ? l + 1 : l;
            if (!less(_items[smallest], _items[i])) return;
            Swap(i, smallest);
            i = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_items[a], _items[b]) = (_items[b], _items[a]);
        _index[key(_items[a])] = a;
        _index[key(_items[b])] = b;
    }
}
