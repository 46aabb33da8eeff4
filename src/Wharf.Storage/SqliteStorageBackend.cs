using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Storage.Compaction;
using Wharf.Storage.Sqlite;
using Wharf.Storage.Watch;

namespace Wharf.Storage;

/// <summary>
/// The embedded store: an append-only log in one SQLite file (WAL), in the shape of kine. The row id
/// is the revision. All writes go through one connection in group-committed batches; reads use a pool of
/// reader connections in parallel; watchers get changes published in-process right after each commit.
/// Acknowledged writes survive a kill of the process (WAL + synchronous=NORMAL), not a power loss.
/// Prefixes match as plain ordinal string prefixes (see <see cref="KeyRange"/>): end them with '/'.
/// </summary>
public sealed class SqliteStorageBackend : IStorageBackend
{
    /// <summary>Revisions compacted per transaction, so compaction interleaves with writes.</summary>
    internal const long CompactStep = 1000;

    private readonly SqliteDatabase _database;
    private readonly InstanceLock _instanceLock;
    private readonly ReadSessionPool _readers;
    private readonly WriteSession _writeSession;
    private readonly ChangeFeed _feed;
    private readonly LogWriter _writer;
    private readonly WatchStream _watches;
    private readonly ILogger _logger;
    private BackgroundCompactor? _compactor;
    private WalCheckpointer? _checkpointer;
    private int _disposed;

    private SqliteStorageBackend(SqliteDatabase database, InstanceLock instanceLock, WriteSession writeSession, SqliteStorageOptions options, ILogger logger)
    {
        _database = database;
        _instanceLock = instanceLock;
        _logger = logger;
        _writeSession = writeSession;
        _readers = new ReadSessionPool(database, Math.Max(4, Environment.ProcessorCount * 2));
        _feed = new ChangeFeed(writeSession.CommittedRevision, logger);
        _writer = new LogWriter(writeSession, _feed, logger);
        _watches = new WatchStream(_readers, _feed, () => CompactRevision, options.WatchBufferSize);
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath => _database.Path;

    public long CurrentRevision => _feed.Revision;

    public long CompactRevision => _writer.CompactRevision;

    /// <summary>The background WAL checkpointer, if on (for tests).</summary>
    internal WalCheckpointer? Checkpointer => _checkpointer;

    public static async Task<SqliteStorageBackend> OpenAsync(SqliteStorageOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        logger ??= NullLogger.Instance;

        var path = options.ResolveDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var instanceLock = InstanceLock.Acquire(path);
        var database = new SqliteDatabase(path);
        SqliteConnection? connection = null;
        WriteSession session;
        try
        {
            connection = database.OpenWriter(options.WalCheckpointInterval > TimeSpan.Zero
                ? WalCheckpointer.BackstopPages(options.WalRestartPages)
                : options.WalRestartPages);
            session = new WriteSession(connection);
        }
        catch
        {
            connection?.Dispose();
            instanceLock.Dispose();
            throw;
        }

        var backend = new SqliteStorageBackend(database, instanceLock, session, options, logger);
        if (options.CompactInterval > TimeSpan.Zero)
        {
            var keep = options.CompactKeepRevisions;
            backend._compactor = new BackgroundCompactor(
                ct => backend.CompactAsync(Math.Max(0, backend.CurrentRevision - keep), ct),
                options.CompactInterval,
                options.TimeProvider,
                logger);
        }

        if (options.WalCheckpointInterval > TimeSpan.Zero)
        {
            try
            {
                backend._checkpointer = new WalCheckpointer(database, options.WalCheckpointInterval, options.WalRestartPages,
                    backend._writer, logger);
            }
            catch
            {
                await backend.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        logger.StoreOpened(path, backend.CurrentRevision, backend.CompactRevision);
        return backend;
    }

    public Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        var row = _readers.Read(session => session.Latest(key));
        return Task.FromResult(row is { Deleted: false } ? row.ToStoredObject() : null);
    }

    public Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default)
    {
        var range = KeyRange.ForPrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        cancellationToken.ThrowIfCancellationRequested();

        var at = ResolveReadRevision(revision);
        var page = _readers.Read(session => session.List(range, at, startAfterKey, limit));
        return Task.FromResult(new ListResult(page.Items, at, page.HasMore));
    }

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var range = KeyRange.ForPrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_readers.Read(session => session.Count(range)));
    }

    public Task<StoredObject> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        Write(WriteKind.Create, key, Owned(value), 0, cancellationToken);

    public Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedRevision, CancellationToken cancellationToken = default) =>
        Write(WriteKind.Update, key, Owned(value), expectedRevision, cancellationToken);

    /// <summary>
    /// An update whose check reads only the key's newest revision from the name index (no table row, no value):
    /// when that is <paramref name="expected"/>'s revision, the replaced value is <paramref name="expected"/>'s.
    /// </summary>
    public Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, StoredObject expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (!string.Equals(expected.Key, key, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the expected object is {expected.Key}, not {key}", nameof(expected));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expected.ModRevision, nameof(expected));
        KeyRange.ValidateKey(key);
        ThrowIfDisposed();
        return _writer.WriteAsync(WriteKind.Update, key, Owned(value), expected.ModRevision, cancellationToken,
            LogRow.Current(key, Owned(expected.Value), expected.ModRevision, expected.CreateRevision));
    }

    /// <summary>
    /// The value as an array the store keeps: a whole array is taken as it is (the caller hands it over, see
    /// <see cref="IStorageBackend.CreateAsync"/>; the API server encodes a fresh one per write), a slice is copied.
    /// </summary>
    private static byte[] Owned(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();

    public Task<StoredObject> DeleteAsync(string key, long expectedRevision, CancellationToken cancellationToken = default) =>
        Write(WriteKind.Delete, key, [], expectedRevision, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        ThrowIfDisposed();
        return _watches.ReadAsync(prefix, afterRevision, cancellationToken);
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var current = CurrentRevision;
        if (revision > current)
        {
            throw new FutureRevisionException(revision, current);
        }

        while (CompactRevision < revision)
        {
            var step = Math.Min(revision, CompactRevision + CompactStep);
            var deleted = await _writer.CompactAsync(step, cancellationToken).ConfigureAwait(false);
            _logger.Compacted(step, deleted);
        }
    }

    /// <summary>Stops the compactor, commits every queued write, ends all watches and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_compactor is not null)
        {
            await _compactor.DisposeAsync().ConfigureAwait(false);
        }

        // Before the writer's connection closes: the last connection to close checkpoints the WAL and removes it.
        _checkpointer?.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
        _feed.Close();
        _readers.Dispose();
        _writeSession.Dispose();
        _checkpointer?.CloseDatabaseFile();
        _instanceLock.Dispose();
        _logger.StoreClosed(_database.Path, CurrentRevision);
    }

    private Task<StoredObject> Write(WriteKind kind, string key, byte[] value, long expectedRevision, CancellationToken cancellationToken)
    {
        KeyRange.ValidateKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
        ThrowIfDisposed();
        return _writer.WriteAsync(kind, key, value, expectedRevision, cancellationToken, null);
    }

    private long ResolveReadRevision(long revision)
    {
        var current = CurrentRevision;
        if (revision == 0)
        {
            return current;
        }

        if (revision > current)
        {
            throw new FutureRevisionException(revision, current);
        }

        var compacted = CompactRevision;
        return revision < compacted ? throw new RevisionCompactedException(revision, compacted) : revision;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
