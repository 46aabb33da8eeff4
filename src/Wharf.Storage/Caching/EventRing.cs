namespace Wharf.Storage.Caching;

/// <summary>
/// The most recent events in revision order, overwriting the oldest when full. It holds every event with a
/// revision in (<see cref="StartRevision"/>, newest]: a watch from any revision at or above
/// <see cref="StartRevision"/> can be replayed from here without a gap. Not thread-safe (guarded by <see cref="WatchCache"/>).
/// </summary>
internal sealed class EventRing
{
    private readonly WatchEvent[] _events;
    private int _head;
    private int _count;

    public EventRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _events = new WatchEvent[capacity];
    }

    public long StartRevision { get; private set; }

    public int Count => _count;

    /// <summary>Empties the ring; it then covers watches from <paramref name="revision"/> on.</summary>
    public void Reset(long revision)
    {
        Array.Clear(_events);
        _head = 0;
        _count = 0;
        StartRevision = revision;
    }

    public void Add(WatchEvent change)
    {
        if (_count == _events.Length)
        {
            // The evicted event's revision becomes the oldest one a replay can start after.
            StartRevision = _events[_head].Object.ModRevision;
            _events[_head] = change;
            _head = (_head + 1) % _events.Length;
            return;
        }

        _events[(_head + _count) % _events.Length] = change;
        _count++;
    }

    /// <summary>The events of <paramref name="range"/> with a revision above <paramref name="afterRevision"/>, oldest first.</summary>
    public List<WatchEvent> After(KeyRange range, long afterRevision)
    {
        // Revisions increase along the ring, so binary search finds the first event to replay.
        int low = 0, high = _count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (At(mid).Object.ModRevision <= afterRevision)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var replay = new List<WatchEvent>();
        for (var i = low; i < _count; i++)
        {
            var change = At(i);
            if (range.Contains(change.Object.Key))
            {
                replay.Add(change);
            }
        }

        return replay;
    }

    private WatchEvent At(int index) => _events[(_head + index) % _events.Length];
}
