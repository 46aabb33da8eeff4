using Microsoft.Data.Sqlite;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// The single write connection, its prepared statements and the revision counters. Only the
/// <see cref="LogWriter"/> loop touches it. Revisions are assigned here (not by SQLite) so every write of a
/// batch knows its revision before commit; a rollback rewinds the counters.
/// </summary>
internal sealed class WriteSession : IDisposable
{
    /// <summary>Milliseconds a restart checkpoint of the writer waits for readers (see <see cref="CheckpointWal"/>).</summary>
    public const int RestartReaderWait = 50;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly RawStatement _latest;
    private readonly RawStatement _latestHead;
    private readonly RawStatement _insert;
    private readonly SqliteCommand _deleteSuperseded;
    private readonly SqliteCommand _deleteTombstones;
    private readonly SqliteCommand _updateCompactRevision;
    private long _committedRevision;
    private long _pendingRevision;
    private long _committedCompactRevision;
    private long _pendingCompactRevision;
    private bool _inTransaction;

    public WriteSession(SqliteConnection connection)
    {
        _connection = connection;
        _begin = SqliteDatabase.Prepare(connection, SqlStatements.BeginImmediate);
        _commit = SqliteDatabase.Prepare(connection, SqlStatements.Commit);
        _rollback = SqliteDatabase.Prepare(connection, SqlStatements.Rollback);
        // The per-write statements run on SQLite's own API (see RawStatement); parameters bind by position.
        _latest = new RawStatement(connection, SqlStatements.SelectLatest);
        _latestHead = new RawStatement(connection, SqlStatements.SelectLatestHead);
        _insert = new RawStatement(connection, SqlStatements.Insert);
        _deleteSuperseded = SqliteDatabase.Prepare(connection, SqlStatements.DeleteSuperseded, "@lower", "@upper");
        _deleteTombstones = SqliteDatabase.Prepare(connection, SqlStatements.DeleteTombstones, "@lower", "@upper");
        _updateCompactRevision = SqliteDatabase.Prepare(connection, SqlStatements.UpdateCompactRevision, "@revision");

        var compact = ReadScalar(connection, SqlStatements.SelectCompactRevision);
        var last = ReadScalar(connection, SqlStatements.SelectLastRevision);
        _committedRevision = _pendingRevision = Math.Max(last, compact);
        _committedCompactRevision = _pendingCompactRevision = compact;
    }

    public long CommittedRevision => Volatile.Read(ref _committedRevision);

    public long CompactRevision => Volatile.Read(ref _committedCompactRevision);

    public void Begin()
    {
        _begin.ExecuteNonQuery();
        _inTransaction = true;
    }

    public void Commit()
    {
        _commit.ExecuteNonQuery();
        _inTransaction = false;
        Volatile.Write(ref _committedRevision, _pendingRevision);
        Volatile.Write(ref _committedCompactRevision, _pendingCompactRevision);
    }

    /// <summary>Undoes the open transaction, if any; never throws, since it runs on failure paths.</summary>
    public void Rollback()
    {
        _pendingRevision = _committedRevision;
        _pendingCompactRevision = _committedCompactRevision;
        if (!_inTransaction)
        {
            return;
        }

        _inTransaction = false;
        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
        }
    }

    public LogRow? Latest(string key)
    {
        _latest.Bind(1, key);
        try
        {
            return _latest.StepFirstRow() ? LogRow.Read(_latest) : null;
        }
        finally
        {
            _latest.Reset();
        }
    }

    /// <summary>The revision of the key's newest row and whether it is a tombstone, or null for a key never written.</summary>
    public (long Revision, bool Deleted)? LatestHead(string key)
    {
        _latestHead.Bind(1, key);
        try
        {
            return _latestHead.StepFirstRow() ? (_latestHead.Int64(0), _latestHead.Int64(1) != 0) : null;
        }
        finally
        {
            _latestHead.Reset();
        }
    }

    public LogRow Append(WriteKind kind, string key, byte[] value, LogRow? previous) =>
        Append(LogRow.Next(_pendingRevision + 1, kind, key, value, previous));

    /// <summary>Appends a create of <paramref name="key"/> after its newest row at <paramref name="previousRevision"/> (a tombstone's, or 0).</summary>
    public LogRow AppendCreate(string key, byte[] value, long previousRevision) =>
        Append(LogRow.Creation(_pendingRevision + 1, key, value, previousRevision));

    private LogRow Append(LogRow row)
    {
        _insert.Bind(1, row.Revision);
        _insert.Bind(2, row.Key);
        _insert.Bind(3, row.Created ? 1L : 0L);
        _insert.Bind(4, row.Deleted ? 1L : 0L);
        _insert.Bind(5, row.CreateRevision);
        _insert.Bind(6, row.PrevRevision);
        _insert.Bind(7, row.Value);
        _insert.Execute();
        _pendingRevision = row.Revision;
        return row;
    }

    /// <summary>Drops history up to <paramref name="revision"/>; returns the number of rows deleted.</summary>
    public int Compact(long revision)
    {
        var lower = _pendingCompactRevision;
        if (revision <= lower)
        {
            return 0;
        }

        if (revision > _pendingRevision)
        {
            throw new FutureRevisionException(revision, _pendingRevision);
        }

        var deleted = 0;
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[_deleteSuperseded, _deleteTombstones])
        {
            command.Parameters[0].Value = lower;
            command.Parameters[1].Value = revision;
            deleted += command.ExecuteNonQuery();
        }

        _updateCompactRevision.Parameters[0].Value = revision;
        _updateCompactRevision.ExecuteNonQuery();
        _pendingCompactRevision = revision;
        return deleted;
    }

    /// <summary>
    /// Checkpoints the WAL on the writer's connection; only between transactions. A restart waits for readers at
    /// most <see cref="RestartReaderWait"/>: every queued write waits with it, and a reader that holds its snapshot
    /// longer only delays the restart to a later ask.
    /// </summary>
    public WalCheckpointResult CheckpointWal(WalCheckpointMode mode)
    {
        if (mode != WalCheckpointMode.Restart)
        {
            return WalCheckpoint.Run(_connection, mode);
        }

        SetBusyTimeout(RestartReaderWait);
        try
        {
            return WalCheckpoint.Run(_connection, mode);
        }
        finally
        {
            SetBusyTimeout(SqlStatements.WriterBusyTimeoutMilliseconds);
        }
    }

    private void SetBusyTimeout(int milliseconds) => SQLitePCL.raw.sqlite3_busy_timeout(_connection.Handle, milliseconds);

    public void Dispose()
    {
        // Statements first: a connection closes only once its statements are finalized.
        _latest.Dispose();
        _latestHead.Dispose();
        _insert.Dispose();
        _connection.Dispose();
    }

    private static long ReadScalar(SqliteConnection connection, string sql)
    {
        using var command = SqliteDatabase.Prepare(connection, sql);
        return (long)command.ExecuteScalar()!;
    }
}
