using Microsoft.Extensions.Logging;

namespace Wharf.Network.Overlay;

/// <summary>The overlay's log messages (EventIds 13300–13319).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 13300, Level = LogLevel.Information, Message = "Pod network {Backend} waiting for node {Node} to get a pod CIDR")]
    public static partial void WaitingForPodCidr(ILogger logger, string backend, string node);

    [LoggerMessage(EventId = 13301, Level = LogLevel.Information, Message = "Pod network {Backend} on {Interface} (public IP {PublicIp}, MTU {Mtu}) for pod CIDR {PodCidr}")]
    public static partial void Ready(ILogger logger, string backend, string @interface, string publicIp, int mtu, string podCidr);

    [LoggerMessage(EventId = 13302, Level = LogLevel.Debug, Message = "Pod network reconciled: {Routes} routes to other nodes, {Changes} kernel changes")]
    public static partial void Reconciled(ILogger logger, int routes, int changes);

    [LoggerMessage(EventId = 13303, Level = LogLevel.Information, Message = "Pod network changed: {Routes} routes to other nodes after {Changes} kernel changes")]
    public static partial void Changed(ILogger logger, int routes, int changes);

    [LoggerMessage(EventId = 13304, Level = LogLevel.Warning, Message = "Pod network reconcile failed (retry {Retry}): {Error}")]
    public static partial void ReconcileFailed(ILogger logger, int retry, string error, Exception exception);

    [LoggerMessage(EventId = 13305, Level = LogLevel.Information, Message = "Published pod network annotations on node {Node}")]
    public static partial void Published(ILogger logger, string node);

    [LoggerMessage(EventId = 13306, Level = LogLevel.Information, Message = "FORWARD policy drops: accepting the cluster CIDR {ClusterCidr} there")]
    public static partial void ForwardAccepted(ILogger logger, string clusterCidr);
}
