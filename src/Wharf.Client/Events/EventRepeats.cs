namespace Wharf.Client.Events;

/// <summary>
/// The Events a recorder wrote, by (object, type, reason, message), so that a repeat within the aggregation window
/// bumps the existing Event instead of creating another. Bounded like upstream's eventLogger cache (an LRU of 4,096
/// entries): past twice the capacity, expired entries go and then the least recently written ones down to the
/// capacity. Trimming only then keeps it amortised: trimming on every write above the capacity walked all
/// entries per Event once a run had written more than 4,096 distinct ones (0.7 % of a density run's server CPU).
/// </summary>
internal sealed class EventRepeats(TimeSpan window, int capacity = EventRepeats.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly Dictionary<string, (string Namespace, string Name, int Count, DateTimeOffset Last)> _seen = new(StringComparer.Ordinal);

    public int Count => _seen.Count;

    /// <summary>The Event written for <paramref name="key"/> within the window before <paramref name="now"/>, if any.</summary>
    public bool TryGetRecent(string key, DateTimeOffset now, out (string Namespace, string Name, int Count, DateTimeOffset Last) written) =>
        _seen.TryGetValue(key, out written) && now - written.Last < window;

    public void Record(string key, (string Namespace, string Name, int Count, DateTimeOffset Last) written)
    {
        _seen[key] = written;
        if (_seen.Count > 2 * capacity) Trim(written.Last);
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var key in _seen.Where(s => now - s.Value.Last >= window).Select(s => s.Key).ToList())
            _seen.Remove(key);
        if (_seen.Count <= capacity) return;
        foreach (var key in _seen.OrderBy(s => s.Value.Last).Take(_seen.Count - capacity).Select(s => s.Key).ToList())
            _seen.Remove(key);
    }
}
