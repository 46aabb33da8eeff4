using Microsoft.Extensions.Logging;

namespace Wharf.Node.Agent.Server;

// Event ids 12400-12499: the kubelet API server.
internal static partial class Log
{
    [LoggerMessage(12400, LogLevel.Information, "Kubelet API listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(12401, LogLevel.Debug, "Kubelet API connection from {Remote} failed the TLS handshake: {Message}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string message);

    [LoggerMessage(12402, LogLevel.Warning, "Kubelet API request {Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);
}
