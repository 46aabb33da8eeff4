using Wharf.Bench.Processes;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// <c>wharf scheduler --kubeconfig K --leader-elect false</c> as its own process, against the benchmark's server
/// (whose built-in scheduler is given a profile name no pod uses, so that this one does all the work).
/// </summary>
internal static class SchedulerProcess
{
    /// <summary>A KubeSchedulerConfiguration for the server's built-in scheduler that leaves default-scheduler pods alone.</summary>
    public const string IdleServerConfig = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
        - schedulerName: wharf-bench-idle
        """;

    public static ChildProcess Start(string wharfDll, string kubeconfig, ScratchDirectory scratch) =>
        ChildProcess.Start("dotnet",
            [wharfDll, "scheduler", "--kubeconfig", kubeconfig, "--leader-elect", "false", "--secure-port", FreePort.Next().ToString()], scratch.Path);
}
