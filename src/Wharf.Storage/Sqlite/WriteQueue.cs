using System.Collections.Concurrent;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// Many request threads hand writes to the one <see cref="LogWriter"/> loop here. Enqueueing takes no lock (a
/// channel's does, and under 16+ concurrent writers that lock was the most contended one of the server): a
/// lock-free queue plus a wake-up that only the first producer after the loop went to sleep pays for.
/// </summary>
internal sealed class WriteQueue
{
    private readonly ConcurrentQueue<WriteRequest> _items = new();
    private readonly SemaphoreSlim _wake = new(0);
    private int _wakePending;
    private volatile bool _completed;
    private int _closed;

    /// <summary>Queues <paramref name="request"/>; false once <see cref="Complete"/> was called.</summary>
    public bool TryEnqueue(WriteRequest request)
    {
        if (_completed)
        {
            return false;
        }

        _items.Enqueue(request);
        // Raced with Close: the loop may already be gone, so nobody but us would ever see this request.
        if (Volatile.Read(ref _closed) != 0)
        {
            FailLeftovers();
            return true;
        }

        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Release();
        }

        return true;
    }

    public bool TryDequeue(out WriteRequest request) => _items.TryDequeue(out request!);

    /// <summary>
    /// Waits until a request is queued (true) or the queue is completed and empty (false). One reader only.
    /// The wake flag is cleared before the queue is looked at, so a request queued after the look always wakes us.
    /// </summary>
    public async ValueTask<bool> WaitToReadAsync()
    {
        while (true)
        {
            if (!_items.IsEmpty)
            {
                return true;
            }

            if (_completed)
            {
                return false;
            }

            await _wake.WaitAsync().ConfigureAwait(false);
            Volatile.Write(ref _wakePending, 0);
        }
    }

    /// <summary>Refuses new requests and wakes the reader, which still gets every request queued before.</summary>
    public void Complete()
    {
        _completed = true;
        _wake.Release();
    }

    /// <summary>
    /// After the reader has finished: fails whatever a producer that raced with <see cref="Complete"/> slipped in.
    /// From then on such a producer fails its own request (see <see cref="TryEnqueue"/>), so none is left waiting.
    /// </summary>
    public void Close()
    {
        // A full fence between this write and the drain, as between a producer's enqueue and its read of the flag:
        // of a racing pair, at least one sees the other.
        Interlocked.Exchange(ref _closed, 1);
        FailLeftovers();
    }

    private void FailLeftovers()
    {
        while (_items.TryDequeue(out var request))
        {
            request.Fail(new ObjectDisposedException(nameof(SqliteStorageBackend)));
        }
    }
}
