using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Wharf.Storage.Background;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// Copies the WAL into the database file from a connection and a thread of its own, so that the writer no longer
/// stops for it. When the writer checkpointed after its own commits (every 8,000 pages at first), every queued write
/// waited meanwhile: at 16 clients ~1,000 pages copied, the WAL fsynced (23–29 ms) and the database file (4–7 ms),
/// every ~2.5 s (eleventh session). A passive checkpoint here runs beside the writer's commits and copies the frames
/// no reader still needs.
/// <para>
/// Under a steady stream of writes it never catches up with the newest commit, though, and only a write transaction
/// that begins when every frame has been copied starts the WAL over; so once the WAL holds
/// <see cref="RestartPages"/> frames, the pass asks the writer to copy the rest itself before its next batch (a few
/// pages, see <see cref="LogWriter.RequestWalRestart"/>). Should readers keep the WAL from starting over, the ask
/// turns into a restart checkpoint that waits for them once the WAL is twice that long. The writer's own
/// autocheckpoint stays on at three times that length, as a backstop should this thread fall behind.
/// </para>
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly FileStream _databaseFile;
    private readonly LogWriter _writer;
    private readonly PeriodicThread _loop;
    private long _passes;

    /// <summary>Passes in a row before the writer is asked to start the WAL over: each is shorter than the one before.</summary>
    private const int MaxCatchUpPasses = 4;

    /// <summary>Pages committed during a pass below which a further pass would not shorten the writer's part much.</summary>
    private const int FewPages = 64;

    public WalCheckpointer(SqliteDatabase database, TimeSpan interval, int restartPages, LogWriter writer, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restartPages, 1);
        RestartPages = restartPages;
        _writer = writer;
        _connection = database.OpenCheckpointer();
        // Held open until the end: closing any descriptor of the file would drop the SQLite connections' POSIX locks
        // on it (they belong to the process, not the descriptor). Written never; opened for writing so it can fsync.
        _databaseFile = new FileStream(database.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        _loop = new PeriodicThread("wharf-wal-checkpoint", interval, Pass,
            (failures, delay, exception) => logger.BackgroundCheckpointFailed(failures, delay, exception));
    }

    /// <summary>The writer's autocheckpoint interval while a checkpointer runs: a backstop only.</summary>
    public static int BackstopPages(int restartPages) => 3 * restartPages;

    public int RestartPages { get; }

    /// <summary>Checkpoints run so far (for tests).</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>
    /// One pass: a passive checkpoint; if the WAL is long, more of them until few pages are left, then the writer's
    /// part. None while the writer's part is still to come (see <see cref="LogWriter.WalRestartPending"/>).
    /// </summary>
    private void Pass()
    {
        if (_writer.WalRestartPending)
        {
            return;
        }

        var result = Checkpoint();
        if (result.LogPages < RestartPages)
        {
            return;
        }

        // What the writer copies is what was committed since the last pass began, and its queued writes wait for both
        // fsyncs of its checkpoint. A pass mostly waits on the disk, so each one catches up on the pages committed
        // during the previous one, and the writer's part shrinks to what a short pass leaves behind.
        for (var i = 0; i < MaxCatchUpPasses; i++)
        {
            var previous = result;
            result = Checkpoint();
            if (result.Busy || result.LogPages < previous.LogPages || result.LogPages - previous.LogPages <= FewPages)
            {
                break;
            }
        }

        if (result.LogPages >= RestartPages)
        {
            // A checkpoint that cannot copy the newest frames leaves the database file unsynced; the one that catches
            // up syncs it before the WAL may start over. That is the writer's, which would then wait for the pages of
            // every pass since the last sync to reach the disk: sync them here first.
            _databaseFile.Flush(flushToDisk: true);
            _writer.RequestWalRestart(result.LogPages >= 2 * RestartPages ? WalCheckpointMode.Restart : WalCheckpointMode.Passive);
        }
    }

    private WalCheckpointResult Checkpoint()
    {
        var result = WalCheckpoint.Run(_connection, WalCheckpointMode.Passive);
        Interlocked.Increment(ref _passes);
        return result;
    }

    /// <summary>Stops the thread (after a pass under way) and closes the connection.</summary>
    public void Dispose()
    {
        _loop.Dispose();
        _connection.Dispose();
    }

    /// <summary>Closes the database file's descriptor: only once no connection to the file is open (see the constructor).</summary>
    public void CloseDatabaseFile() => _databaseFile.Dispose();
}
