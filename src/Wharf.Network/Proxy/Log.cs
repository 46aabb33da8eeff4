using Microsoft.Extensions.Logging;

namespace Wharf.Network.Proxy;

/// <summary>Log messages of the service proxy (event ids 6100-6119 of the network project's range).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Service proxy programs nftables table ip {Table} for node {Node}")]
    public static partial void ProxyStarting(this ILogger logger, string table, string node);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Proxy sync ({Mode}) of {Changed} services took {Elapsed}: {Chains} chains, {Rules} rules, {Elements} elements")]
    public static partial void Synced(this ILogger logger, string mode, int changed, TimeSpan elapsed, int chains, int rules, int elements);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Proxy sync failed (attempt {Attempt}); retrying with a full resync in {Delay}")]
    public static partial void SyncFailed(this ILogger logger, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Could not set {Setting}: NodePorts on 127.0.0.1 will not work")]
    public static partial void SysctlFailed(this ILogger logger, string setting, Exception exception);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Health check port {Port} of service {Namespace}/{Name} cannot be opened")]
    public static partial void HealthCheckPortUnavailable(this ILogger logger, string @namespace, string name, int port, Exception exception);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "{Key} in {Set} is already taken by another service; this one does not get it")]
    public static partial void ElementClaimed(this ILogger logger, string set, string key);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Service proxy stopped; its rules stay in place so established traffic keeps flowing")]
    public static partial void ProxyStopped(this ILogger logger);
}
