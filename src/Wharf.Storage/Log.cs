using Microsoft.Extensions.Logging;

namespace Wharf.Storage;

/// <summary>Log messages of the storage project (event ids 1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Opened store {Path} at revision {Revision}, compacted to {CompactRevision}")]
    public static partial void StoreOpened(this ILogger logger, string path, long revision, long compactRevision);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Closed store {Path} at revision {Revision}")]
    public static partial void StoreClosed(this ILogger logger, string path, long revision);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "A batch of {Count} writes failed; retrying each write in its own transaction")]
    public static partial void BatchFailed(this ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Write to {Key} failed")]
    public static partial void WriteFailed(this ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Compacted to revision {Revision}, deleted {Rows} rows")]
    public static partial void Compacted(this ILogger logger, long revision, int rows);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Background compaction failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void CompactionFailed(this ILogger logger, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "WAL checkpoint on the {Connection} connection failed")]
    public static partial void WalCheckpointFailed(this ILogger logger, string connection, Exception exception);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Background WAL checkpoint failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void BackgroundCheckpointFailed(this ILogger logger, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Watch on {Prefix} fell {Capacity} events behind at revision {Revision}; closing it")]
    public static partial void WatchOverflowed(this ILogger logger, string prefix, int capacity, long revision);
}
