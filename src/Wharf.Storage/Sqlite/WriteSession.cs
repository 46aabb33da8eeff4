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
    private readonly SqliteCommand _latest;
    private readonly SqliteCommand _latestHead;
    private readonly SqliteCommand _insert;
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
        _latest = SqliteDatabase.Prepare(connection, SqlStatements.SelectLatest, "@name");
        _latestHead = SqliteDatabase.Prepare(connection, SqlStatements.SelectLatestHead, "@name");
        _insert = SqliteDatabase.Prepare(connection, SqlStatements.Insert,
            "@id", "@name", "@created", "@deleted", "@create_revision", "@prev_revision", "@value");
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
        _latest.Parameters[0].Value = key;
        return LogRow.ReadSingle(_latest);
    }

    /// <summary>The revision of the key's newest row and whether it is a tombstone, or null for a key never written.</summary>
    public (long Revision, bool Deleted)? LatestHead(string key)
    {
        _latestHead.Parameters[0].Value = key;
        using var reader = _latestHead.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1) != 0) : null;
    }

    public LogRow Append(WriteKind kind, string key, byte[] value, LogRow? previous)
    {
        var row = LogRow.Next(_pendingRevision + 1, kind, key, value, previous);
        var p = _insert.Parameters;
        p[0].Value = row.Revision;
        p[1].Value = row.Key;
        p[2].Value = row.Created ? 1L : 0L;
        p[3].Value = row.Deleted ? 1L : 0L;
        p[4].Value = row.CreateRevision;
        p[5].Value = row.PrevRevision;
        p[6].Value = row.Value;
        _insert.ExecuteNonQuery();
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

    public void Dispose() => _connection.Dispose();

    private static long ReadScalar(SqliteConnection connection, string sql)
    {
        using var command = SqliteDatabase.Prepare(connection, sql);
        return (long)command.ExecuteScalar()!;
    }
}
