using System.Threading.Channels;

namespace Wharf.Storage.Caching;

/// <summary>
/// One watch served by the cache: the events replayed from the ring when it subscribed, then a bounded queue of
/// live events filled by <see cref="WatchCache"/> under its feed lock (so never blocking it). A watcher that falls
/// <see cref="Capacity"/> events behind, or that the cache can no longer serve without a gap, is ended with a
/// reason; the events already queued stay readable before the reason is raised.
/// </summary>
internal sealed class CacheWatcher
{
    private readonly Channel<WatchEvent> _live;
    private volatile string? _endReason;

    public CacheWatcher(KeyRange range, long afterRevision, int capacity, IReadOnlyList<WatchEvent> replay)
    {
        Range = range;
        AfterRevision = afterRevision;
        Capacity = capacity;
        Replay = replay;
        _live = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public KeyRange Range { get; }

    /// <summary>The revision the client asked to watch after; live events at or below it are skipped.</summary>
    public long AfterRevision { get; }

    public int Capacity { get; }

    public IReadOnlyList<WatchEvent> Replay { get; }

    public ChannelReader<WatchEvent> Live => _live.Reader;

    public bool TryDeliver(WatchEvent change) => _live.Writer.TryWrite(change);

    /// <summary>Ends the watch cleanly (shutdown).</summary>
    public void Close() => _live.Writer.TryComplete();

    /// <summary>Ends the watch so that the client re-lists; <paramref name="reason"/> becomes the <see cref="WatchOverflowException"/> message.</summary>
    public void End(string reason)
    {
        _endReason = reason;
        _live.Writer.TryComplete();
    }

    public void ThrowIfEnded()
    {
        if (_endReason is { } reason)
        {
            throw new WatchOverflowException(reason);
        }
    }
}
