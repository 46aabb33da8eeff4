namespace Wharf.Storage;

/// <summary>Settings of <see cref="SqliteStorageBackend"/>.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>File name used inside <see cref="DataDirectory"/>.</summary>
    public const string DefaultFileName = "wharf.db";

    /// <summary>Directory holding the database (as <see cref="DefaultFileName"/>); created when missing.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Full path of the database file; wins over <see cref="DataDirectory"/>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>How often the background compactor runs; zero or negative disables it.</summary>
    public TimeSpan CompactInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The background compactor never compacts the newest this-many revisions.</summary>
    public long CompactKeepRevisions { get; set; } = 1000;

    /// <summary>Live events buffered per watcher; a watcher that falls this far behind is ended with <see cref="WatchOverflowException"/>.</summary>
    public int WatchBufferSize { get; set; } = 1024;

    /// <summary>
    /// How often a background thread copies the WAL into the database file (see <c>WalCheckpointer</c>); zero
    /// or negative leaves checkpoints to the writer, after its commits, every <see cref="WalRestartPages"/> pages.
    /// </summary>
    public TimeSpan WalCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>WAL length (pages) at which it is started over: 8,000 pages of 4 KiB, a WAL file of 32 MiB.</summary>
    internal int WalRestartPages { get; set; } = 8000;

    /// <summary>Clock for the background compactor.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal string ResolveDatabasePath()
    {
        if (!string.IsNullOrWhiteSpace(DatabasePath))
        {
            return Path.GetFullPath(DatabasePath);
        }

        if (!string.IsNullOrWhiteSpace(DataDirectory))
        {
            return Path.GetFullPath(Path.Combine(DataDirectory, DefaultFileName));
        }

        throw new ArgumentException($"Set {nameof(DataDirectory)} or {nameof(DatabasePath)}.");
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(CompactKeepRevisions);
        ArgumentOutOfRangeException.ThrowIfLessThan(WatchBufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(WalRestartPages, 1);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
