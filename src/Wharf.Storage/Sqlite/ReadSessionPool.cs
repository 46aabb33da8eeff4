using System.Collections.Concurrent;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// Reader connections for parallel reads: WAL lets each read its own snapshot while the writer commits.
/// Sessions are created on demand and kept up to <c>maxIdle</c>; a session whose read threw is dropped
/// rather than reused, since its connection state is unknown. The idle count is kept apart from the queue because
/// asking a concurrent collection for its count is not cheap (a bag's takes all its locks), and this runs per read.
/// </summary>
internal sealed class ReadSessionPool(SqliteDatabase database, int maxIdle) : IDisposable
{
    private readonly ConcurrentQueue<ReadSession> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public T Read<T>(Func<ReadSession, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = TryTakeIdle() ?? new ReadSession(database.OpenReader());
        T result;
        try
        {
            result = read(session);
        }
        catch (StorageException)
        {
            Return(session);
            throw;
        }
        catch
        {
            session.Dispose();
            throw;
        }

        Return(session);
        return result;
    }

    public void Dispose()
    {
        _disposed = true;
        DrainIdle();
    }

    private ReadSession? TryTakeIdle()
    {
        if (!_idle.TryDequeue(out var session))
        {
            return null;
        }

        Interlocked.Decrement(ref _idleCount);
        return session;
    }

    private void Return(ReadSession session)
    {
        // Counted before it is queued and uncounted after it is taken, so the count never falls below the queue's
        // length and the bound holds even when returns race.
        if (_disposed)
        {
            session.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }

        _idle.Enqueue(session);
        if (_disposed)
        {
            DrainIdle();
        }
    }

    private void DrainIdle()
    {
        while (TryTakeIdle() is { } session)
        {
            session.Dispose();
        }
    }
}
