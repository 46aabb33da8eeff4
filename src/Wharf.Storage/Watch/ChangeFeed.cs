using Microsoft.Extensions.Logging;

namespace Wharf.Storage.Watch;

/// <summary>
/// Fans committed changes out to live watchers and owns the published revision. Publishing and
/// subscribing share one lock, so a new subscriber learns exactly the revision after which the feed
/// will deliver to it: everything at or below it is committed and readable from the log.
/// </summary>
internal sealed class ChangeFeed(long initialRevision, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _revision = initialRevision;
    private bool _closed;

    /// <summary>The newest revision whose changes have been published (all of them committed).</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>Registers a watcher; <paramref name="revision"/> is the last revision it will not receive live.</summary>
    public WatchSubscription Subscribe(KeyRange range, int capacity, out long revision)
    {
        var subscription = new WatchSubscription(range, capacity);
        lock (_lock)
        {
            revision = _revision;
            if (_closed)
            {
                subscription.Close();
            }
            else
            {
                _subscriptions.Add(subscription);
            }
        }

        return subscription;
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>Called by the single writer after each commit, in revision order.</summary>
    public void Publish(IReadOnlyList<WatchEvent> changes, long revision)
    {
        lock (_lock)
        {
            Volatile.Write(ref _revision, revision);
            for (var i = _subscriptions.Count - 1; i >= 0; i--)
            {
                var subscription = _subscriptions[i];
                if (!Deliver(subscription, changes))
                {
                    logger.WatchOverflowed(subscription.Range.Prefix, subscription.Capacity, revision);
                    subscription.CloseOverflowed();
                    _subscriptions.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Ends every watch (at shutdown); later subscribers get an already-ended stream.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var subscription in _subscriptions)
            {
                subscription.Close();
            }

            _subscriptions.Clear();
        }
    }

    private static bool Deliver(WatchSubscription subscription, IReadOnlyList<WatchEvent> changes)
    {
        foreach (var change in changes)
        {
            if (subscription.Range.Contains(change.Object.Key) && !subscription.TryDeliver(change))
            {
                return false;
            }
        }

        return true;
    }
}
