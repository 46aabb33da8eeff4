using Microsoft.Extensions.Logging;

namespace Wharf.Scheduler.Scheduling;

/// <summary>Scheduler log messages; EventIds 4000–4099.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Debug, "Scheduled {Pod} on {Node} (evaluated {Evaluated}, feasible {Feasible})")]
    public static partial void PodScheduled(this ILogger logger, string pod, string node, int evaluated, int feasible);

    [LoggerMessage(4001, LogLevel.Debug, "Unable to schedule {Pod}: {Reason}")]
    public static partial void PodUnschedulable(this ILogger logger, string pod, string reason);

    [LoggerMessage(4002, LogLevel.Warning, "Error scheduling {Pod}: {Message}")]
    public static partial void SchedulingError(this ILogger logger, string pod, string message, Exception? exception);

    [LoggerMessage(4003, LogLevel.Warning, "Binding {Pod} to {Node} failed: {Message}")]
    public static partial void BindFailed(this ILogger logger, string pod, string node, string message);

    [LoggerMessage(4004, LogLevel.Error, "Cluster watch failed; restarting")]
    public static partial void WatchFailed(this ILogger logger, Exception exception);

    [LoggerMessage(4005, LogLevel.Warning, "Updating status of {Pod} failed")]
    public static partial void StatusUpdateFailed(this ILogger logger, string pod, Exception exception);
}
