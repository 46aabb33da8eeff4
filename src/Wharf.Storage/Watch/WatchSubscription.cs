using System.Threading.Channels;

namespace Wharf.Storage.Watch;

/// <summary>One watcher's bounded queue of live events; filled by <see cref="ChangeFeed"/>, drained by <see cref="WatchStream"/>.</summary>
internal sealed class WatchSubscription(KeyRange range, int capacity)
{
    private readonly Channel<WatchEvent> _events = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private volatile bool _overflowed;

    public KeyRange Range => range;

    public int Capacity => capacity;

    public ChannelReader<WatchEvent> Events => _events.Reader;

    /// <summary>True when the watcher was closed because its buffer was full; events already buffered stay readable.</summary>
    public bool Overflowed => _overflowed;

    public bool TryDeliver(WatchEvent change) => _events.Writer.TryWrite(change);

    public void CloseOverflowed()
    {
        _overflowed = true;
        _events.Writer.TryComplete();
    }

    public void Close() => _events.Writer.TryComplete();
}
