using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Wharf.Storage.Sqlite;

/// <summary>How far a checkpoint may wait for others (SQLite's checkpoint modes).</summary>
internal enum WalCheckpointMode
{
    /// <summary>Copy what no reader still needs, without waiting for anyone.</summary>
    Passive = raw.SQLITE_CHECKPOINT_PASSIVE,

    /// <summary>Take the write lock, copy every frame, then wait (busy timeout) until no reader uses the WAL, so the next write starts it over.</summary>
    Restart = raw.SQLITE_CHECKPOINT_RESTART,
}

/// <summary>
/// The outcome of one checkpoint: the frames in the WAL (since it last started over) and how many of them are now in
/// the database file. <see cref="Busy"/>: another connection was checkpointing, or readers or a writer kept a
/// waiting mode from finishing; nothing failed.
/// </summary>
internal readonly record struct WalCheckpointResult(bool Busy, int LogPages, int CheckpointedPages)
{
    public bool Complete => !Busy && CheckpointedPages == LogPages;
}

internal static class WalCheckpoint
{
    /// <summary>Checkpoints the main database of <paramref name="connection"/>, which must not be in a transaction.</summary>
    public static WalCheckpointResult Run(SqliteConnection connection, WalCheckpointMode mode)
    {
        var db = connection.Handle!;
        var rc = raw.sqlite3_wal_checkpoint_v2(db, "main", (int)mode, out var log, out var checkpointed);
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_BUSY)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return new WalCheckpointResult(rc == raw.SQLITE_BUSY, log, checkpointed);
    }
}
