using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wharf.Storage.Watch;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// The one writer. Requests queue up while a transaction commits; the loop then takes everything waiting
/// (up to <see cref="MaxBatchSize"/>) into the next transaction: group commit, one WAL append for many writes.
/// After each commit it publishes the batch's changes to the <see cref="ChangeFeed"/> in revision order and
/// only then completes the callers, so a caller that sees its write acknowledged can watch it too.
/// The channel's lock is contended under many writers, but replacing it with a lock-free queue that woke the loop
/// at once made things worse (fifth session: 1.2 writes per transaction instead of 15 at 16 writers, 35–50 % more
/// CPU per write): the channel's wake-up reaches the loop late enough for the other writers to queue up behind it.
/// The WAL is checkpointed by <see cref="WalCheckpointer"/> on its own connection; the loop only finishes the few
/// pages committed since, when asked (<see cref="RequestWalRestart"/>), so that its next transaction starts the WAL
/// over instead of growing it.
/// </summary>
internal sealed class LogWriter : IAsyncDisposable
{
    public const int MaxBatchSize = 512;

    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
    });

    private readonly WriteSession _session;
    private readonly ChangeFeed _feed;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private int _walRestart; // a WalCheckpointMode + 1, or 0 when none is asked for

    public LogWriter(WriteSession session, ChangeFeed feed, ILogger logger)
    {
        _session = session;
        _feed = feed;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public long CompactRevision => _session.CompactRevision;

    /// <param name="expected">The key's newest row as the caller knows it (see <see cref="KeyWriteRequest"/>), or null to read it.</param>
    public Task<StoredObject> WriteAsync(WriteKind kind, string key, byte[] value, long expectedRevision, CancellationToken cancellationToken, LogRow? expected)
    {
        var request = new KeyWriteRequest(kind, key, value, expectedRevision, cancellationToken, expected);
        Enqueue(request);
        return request.Task;
    }

    public Task<int> CompactAsync(long revision, CancellationToken cancellationToken)
    {
        var request = new CompactRequest(revision, cancellationToken);
        Enqueue(request);
        return request.Task;
    }

    /// <summary>
    /// Asks the loop to checkpoint the rest of the WAL before its next batch: frames another connection has copied
    /// already cost nothing, so this takes only as long as the pages committed since. A WAL fully copied when a
    /// write transaction begins is started over by that transaction. <see cref="WalCheckpointMode.Restart"/> also
    /// waits for readers that still use the WAL, so that the restart cannot be missed again.
    /// </summary>
    public void RequestWalRestart(WalCheckpointMode mode) => Volatile.Write(ref _walRestart, (int)mode + 1);

    /// <summary>
    /// True from <see cref="RequestWalRestart"/> until the loop has checkpointed and begun its next transaction: a
    /// checkpoint on another connection meanwhile would make the writer's checkpoint busy, or keep its transaction
    /// from starting the WAL over (a checkpoint holds the lock of readers that would read the database file alone).
    /// </summary>
    public bool WalRestartPending => Volatile.Read(ref _walRestart) != 0;

    /// <summary>Stops taking requests, lets the loop finish every queued one, then waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private void Enqueue(WriteRequest request)
    {
        request.CancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(SqliteStorageBackend));
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteRequest>(MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && reader.TryRead(out var request))
            {
                if (request.CancellationToken.IsCancellationRequested)
                {
                    request.Cancel();
                }
                else
                {
                    batch.Add(request);
                }
            }

            if (batch.Count > 0)
            {
                var walRestart = Volatile.Read(ref _walRestart);
                if (walRestart != 0)
                {
                    FinishWalCheckpoint((WalCheckpointMode)(walRestart - 1));
                }

                try
                {
                    Process(batch);
                }
                catch (Exception exception)
                {
                    // Last line of defence: the loop must outlive any bug, or every later write would hang.
                    _logger.BatchFailed(batch.Count, exception);
                    foreach (var request in batch)
                    {
                        request.Fail(exception);
                    }
                }

                batch.Clear();
                if (walRestart != 0)
                {
                    Volatile.Write(ref _walRestart, 0);
                }
            }
        }
    }

    private void FinishWalCheckpoint(WalCheckpointMode mode)
    {
        try
        {
            _session.CheckpointWal(mode);
        }
        catch (Exception exception)
        {
            // The writes go on; the WAL is started over at a later request or by the writer's autocheckpoint.
            _logger.WalCheckpointFailed("writer", exception);
        }
    }

    private void Process(List<WriteRequest> batch)
    {
        if (TryCommit(batch, out var failure))
        {
            Publish(batch);
            return;
        }

        if (batch.Count == 1)
        {
            _logger.WriteFailed(batch[0] is KeyWriteRequest k ? k.Key : "(compaction)", failure!);
            batch[0].Fail(failure!);
            return;
        }

        // One bad write must not fail its neighbours: redo each alone, in the same order, so each
        // sees the same preceding writes it would have seen in the batch.
        _logger.BatchFailed(batch.Count, failure!);
        foreach (var request in batch)
        {
            Process([request]);
        }
    }

    private bool TryCommit(List<WriteRequest> batch, out Exception? failure)
    {
        try
        {
            _session.Begin();
            foreach (var request in batch)
            {
                request.Apply(_session);
            }

            _session.Commit();
            failure = null;
            return true;
        }
        catch (Exception exception)
        {
            _session.Rollback();
            failure = exception;
            return false;
        }
    }

    private void Publish(List<WriteRequest> batch)
    {
        var changes = new List<WatchEvent>(batch.Count);
        foreach (var request in batch)
        {
            if (request.AppendedRow is { } row)
            {
                changes.Add(row.ToEvent());
            }
        }

        _feed.Publish(changes, _session.CommittedRevision);
        foreach (var request in batch)
        {
            request.Complete();
        }
    }
}
