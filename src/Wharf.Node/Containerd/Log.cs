using Microsoft.Extensions.Logging;

namespace Wharf.Node.Containerd;

// Event ids 3100-3199: containerd supervision.
internal static partial class Log
{
    [LoggerMessage(3100, LogLevel.Information, "Started containerd (pid {Pid}) on {Address}")]
    public static partial void Started(ILogger logger, int pid, string address);

    [LoggerMessage(3101, LogLevel.Information, "containerd is ready: {RuntimeName} {RuntimeVersion}, CRI {ApiVersion}")]
    public static partial void Ready(ILogger logger, string runtimeName, string runtimeVersion, string apiVersion);

    [LoggerMessage(3102, LogLevel.Warning, "containerd (pid {Pid}) exited with code {ExitCode}; restarting in {Delay}")]
    public static partial void Exited(ILogger logger, int pid, int exitCode, TimeSpan delay);

    [LoggerMessage(3103, LogLevel.Error, "Restarting containerd failed; retrying")]
    public static partial void RestartFailed(ILogger logger, Exception exception);

    [LoggerMessage(3104, LogLevel.Information, "Stopped containerd (pid {Pid})")]
    public static partial void Stopped(ILogger logger, int pid);

    [LoggerMessage(3105, LogLevel.Warning, "containerd (pid {Pid}) ignored SIGTERM for {Timeout}; killing it")]
    public static partial void Killing(ILogger logger, int pid, TimeSpan timeout);

    [LoggerMessage(3106, LogLevel.Warning, "Could not unmount {Count} mounts under {Directory}")]
    public static partial void UnmountFailed(ILogger logger, int count, string directory);
}
