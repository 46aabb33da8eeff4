using Microsoft.Extensions.Logging;

namespace Wharf.Storage.Caching;

/// <summary>Log messages of the watch cache (event ids 1050-1069 of the storage project's range).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "Watch cache loaded {Count} objects at revision {Revision}")]
    public static partial void CacheListed(this ILogger logger, int count, long revision);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "Watch cache feed failed at revision {Revision} (attempt {Attempt}); retrying in {Delay}")]
    public static partial void FeedFailed(this ILogger logger, long revision, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 1052, Level = LogLevel.Warning, Message = "Watch cache revision {Revision} was compacted in the store (compact revision {CompactRevision}); re-listing")]
    public static partial void FeedCompacted(this ILogger logger, long revision, long compactRevision);

    [LoggerMessage(EventId = 1053, Level = LogLevel.Debug, Message = "Watch cache watcher on {Prefix} fell {Capacity} events behind at revision {Revision}; closing it")]
    public static partial void CacheWatcherOverflowed(this ILogger logger, string prefix, int capacity, long revision);

    [LoggerMessage(EventId = 1054, Level = LogLevel.Warning, Message = "Watch cache at revision {CacheRevision} did not reach revision {Revision} within {Timeout}; reading from the store")]
    public static partial void ConsistentReadTimedOut(this ILogger logger, long cacheRevision, long revision, TimeSpan timeout);

    [LoggerMessage(EventId = 1055, Level = LogLevel.Debug, Message = "Watch cache feed ended at revision {Revision}; resuming")]
    public static partial void FeedEnded(this ILogger logger, long revision);
}
