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
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
