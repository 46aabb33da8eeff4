using Wharf.Bench.Processes;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// <c>wharf scheduler --kubeconfig K --leader-elect false</c> as its own process, against the benchmark's server
/// (started with --disable-scheduler, or for builds without that flag with a built-in scheduler given a profile name
/// no pod uses, so that this one does all the work).
/// </summary>
internal static class SchedulerProcess
{
    /// <summary>
    /// For builds without --disable-scheduler: a KubeSchedulerConfiguration for the server's built-in scheduler that
    /// leaves default-scheduler pods alone (it still decodes every pod event, which the server's CPU then includes).
    /// </summary>
    public const string IdleServerConfig = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
        - schedulerName: wharf-bench-idle
        """;

    /// <summary>Starts the process; <c>Endpoint</c> is its /metrics and /readyz address (null for builds without one).</summary>
    /// <param name="config">A KubeSchedulerConfiguration for <c>--scheduler-config</c>, or null for the defaults.</param>
    public static (ChildProcess Process, Uri? Endpoint) Start(string wharfDll, string kubeconfig, ScratchDirectory scratch, string? config = null)
    {
        List<string> arguments = [wharfDll, "scheduler", "--kubeconfig", kubeconfig, "--leader-elect", "false"];
        if (config is not null)
        {
            var path = Path.Combine(scratch.Path, "scheduler-config.yaml");
            File.WriteAllText(path, config);
            arguments.AddRange(["--scheduler-config", path]);
        }
        // Same build with a feature gate switched (e.g. OpportunisticBatching=false), for on/off pairs.
        if (Environment.GetEnvironmentVariable("WHARF_BENCH_SCHEDULER_FEATURE_GATES") is { Length: > 0 } gates)
            arguments.AddRange(["--feature-gates", gates]);
        // A free port rather than 10259; builds from before the endpoint existed (baselines) lack the flag.
        Uri? endpoint = null;
        if (HasFlag(wharfDll, "scheduler", "--secure-port"))
        {
            var port = FreePort.Next();
            arguments.AddRange(["--secure-port", port.ToString()]);
            endpoint = new Uri($"http://127.0.0.1:{port}/");
        }
        // Diagnostics: the whole debug log to a file (the process keeps its PID through exec, so CPU is still its own).
        if (Environment.GetEnvironmentVariable("WHARF_BENCH_SCHEDULER_LOG") is { Length: > 0 } log)
        {
            var command = string.Join(' ', arguments.Select(a => $"'{a}'"));
            return (ChildProcess.Start("sh", ["-c", $"exec dotnet {command} --debug > '{log}' 2>&1"], scratch.Path), endpoint);
        }
        return (ChildProcess.Start("dotnet", arguments, scratch.Path), endpoint);
    }

    /// <summary>Whether <c>wharf COMMAND --help</c> of this build lists <paramref name="flag"/> (baselines may predate it).</summary>
    public static bool HasFlag(string wharfDll, string command, string flag)
    {
        using var help = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", [wharfDll, command, "--help"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var text = help.StandardOutput.ReadToEnd();
        help.WaitForExit();
        return text.Contains(flag, StringComparison.Ordinal);
    }
}
