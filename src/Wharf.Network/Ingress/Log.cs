using Microsoft.Extensions.Logging;
using Wharf.Network.Ingress.Backends;

namespace Wharf.Network.Ingress;

/// <summary>The ingress controller's log messages (EventIds 6100–6199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Ingress controller listening on {Endpoints}")]
    public static partial void Listening(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Error, Message = "Ingress listeners could not start, retrying in {Delay}")]
    public static partial void ListenFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "Ingress {Ingress}: backend {Backend} has no endpoint ({State})")]
    public static partial void NoEndpoints(ILogger logger, string ingress, string backend, BackendState state);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Ingress {Ingress}: endpoint {Endpoint} refused the connection, left out for a while")]
    public static partial void ConnectFailed(ILogger logger, string ingress, string endpoint);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Ingress sync failed, retrying in {Delay}")]
    public static partial void SyncFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Debug, Message = "Ingress routes rebuilt from {Count} ingresses")]
    public static partial void Rebuilt(ILogger logger, int count);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "Installed IngressClass {Class}")]
    public static partial void ClassInstalled(ILogger logger, string @class);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Could not install IngressClass {Class}, retrying in {Delay}: {Message}")]
    public static partial void ClassInstallFailed(ILogger logger, string @class, TimeSpan delay, string message);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Warning, Message = "Could not update the status of Ingress {Ingress}: {Message}")]
    public static partial void StatusFailed(ILogger logger, string ingress, string message);

    [LoggerMessage(EventId = 6109, Level = LogLevel.Warning, Message = "Ingress metrics not served on {Endpoint}")]
    public static partial void MetricsNotServed(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Warning, Message = "Ingress fast path: a connection failed unexpectedly and was closed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Error, Message = "Ingress fast path: an event loop stopped polling")]
    public static partial void LoopFailed(ILogger logger, Exception exception);
}
