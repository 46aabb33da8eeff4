using Microsoft.Extensions.Logging;

namespace Wharf.Node.Registries;

// Event ids 3300-3399: registry configuration.
internal static partial class Log
{
    [LoggerMessage(3300, LogLevel.Information, "Registry config {Path}: {Mirrors} mirrored registries, {Configs} host configs written to {HostsDir}")]
    public static partial void Applied(ILogger logger, string path, int mirrors, int configs, string hostsDir);

    [LoggerMessage(3301, LogLevel.Error, "Registry config {Path} is invalid; keeping the previous one")]
    public static partial void Invalid(ILogger logger, Exception exception, string path);

    [LoggerMessage(3302, LogLevel.Warning, "Registry config {Path}: credentials changed; they apply when containerd next starts (restart the agent)")]
    public static partial void CredentialsNeedRestart(ILogger logger, string path);

    [LoggerMessage(3303, LogLevel.Warning, "Registry config {Path}: rewrites for {Registry} are ignored; Debian's containerd 1.6 cannot apply them")]
    public static partial void RewritesIgnored(ILogger logger, string path, string registry);
}
