using System.Runtime.CompilerServices;
using Wharf.Storage.Sqlite;

namespace Wharf.Storage.Watch;

/// <summary>
/// One watch: history from the log, then live changes, with no gap and no duplicate at the hand-over.
/// First it catches up from the log without a subscription (a long replay cannot overflow a buffer
/// it does not have yet); once close to the head it subscribes, which fixes revision S under the feed's
/// lock: the log holds everything up to S and the subscription receives everything after S. It replays
/// up to S, then reads live events, skipping anything it already yielded.
/// </summary>
internal sealed class WatchStream(ReadSessionPool readers, ChangeFeed feed, Func<long> compactRevision, int bufferSize)
{
    private const int PageSize = 512;

    public async IAsyncEnumerable<WatchEvent> ReadAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var range = KeyRange.ForPrefix(prefix);
        var compacted = compactRevision();
        if (afterRevision < compacted)
        {
            throw new RevisionCompactedException(afterRevision, compacted);
        }

        var last = afterRevision;
        var catchUpThreshold = Math.Max(bufferSize / 2, 1);
        while (feed.Revision - last > catchUpThreshold)
        {
            var head = feed.Revision;
            foreach (var change in Replay(range, last, head, cancellationToken))
            {
                yield return change;
            }

            last = head;
        }

        var subscription = feed.Subscribe(range, bufferSize, out var subscribedAt);
        try
        {
            if (subscribedAt > last)
            {
                foreach (var change in Replay(range, last, subscribedAt, cancellationToken))
                {
                    yield return change;
                }

                last = subscribedAt;
            }

            await foreach (var change in subscription.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // A reader may see a write's row before the writer publishes it, so a caller can pass an
                // afterRevision newer than the feed; those events must not come again.
                if (change.Object.ModRevision <= last)
                {
                    continue;
                }

                last = change.Object.ModRevision;
                yield return change;
            }

            if (subscription.Overflowed)
            {
                throw new WatchOverflowException($"watch on {prefix} fell more than {bufferSize} events behind at revision {last}; re-list and watch again");
            }
        }
        finally
        {
            feed.Unsubscribe(subscription);
        }
    }

    /// <summary>Changes in (<paramref name="after"/>, <paramref name="until"/>], read a page at a time so no connection is held while the consumer runs.</summary>
    private IEnumerable<WatchEvent> Replay(KeyRange range, long after, long until, CancellationToken cancellationToken)
    {
        var cursor = after;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var from = cursor;
            var rows = readers.Read(session => session.Changes(range, from, until, PageSize));
            foreach (var row in rows)
            {
                yield return row.ToEvent();
            }

            if (rows.Count < PageSize)
            {
                yield break;
            }

            cursor = rows[^1].Revision;
        }
    }
}
