using Microsoft.Extensions.Logging;

namespace Wharf.Scheduler.Hosting;

/// <summary>Scheduler host log messages; EventIds 4100–4119.</summary>
internal static partial class HostLog
{
    [LoggerMessage(4100, LogLevel.Information, "Scheduler starting with profiles {Profiles}")]
    public static partial void Starting(this ILogger logger, string profiles);

    [LoggerMessage(4101, LogLevel.Error, "Scheduling loop failed; restarting in {Delay}")]
    public static partial void LoopFailed(this ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(4102, LogLevel.Information, "Waiting to lead {Namespace}/{Name} as {Identity}")]
    public static partial void Campaigning(this ILogger logger, string @namespace, string name, string identity);
}
