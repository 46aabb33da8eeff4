using System.Collections.Concurrent;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// Reader connections for parallel reads: WAL lets each read its own snapshot while the writer commits.
/// Sessions are created on demand and kept up to <c>maxIdle</c>; a session whose read threw is dropped
/// rather than reused, since its connection state is unknown.
/// </summary>
internal sealed class ReadSessionPool(SqliteDatabase database, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<ReadSession> _idle = [];
    private volatile bool _disposed;

    public T Read<T>(Func<ReadSession, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = _idle.TryTake(out var idle) ? idle : new ReadSession(database.OpenReader());
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

    private void Return(ReadSession session)
    {
        if (_disposed || _idle.Count >= maxIdle)
        {
            session.Dispose();
            return;
        }

        _idle.Add(session);
        if (_disposed)
        {
            DrainIdle();
        }
    }

    private void DrainIdle()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }
}
