using System.Text.Json.Nodes;

namespace Wharf.Node.Agent.Heartbeat;

/// <summary>One node condition as the agent computes it; times are filled in when posted.</summary>
internal sealed record NodeCondition(string Type, bool Status, string Reason, string Message);

/// <summary>
/// Computes the four node conditions with real checks against upstream's default hard eviction thresholds
/// (memory.available &lt; 100Mi, nodefs.available &lt; 10%) and a PID check (fewer than 5% of pid_max left).
/// Ready also needs the runtime to answer and the pod network to be configured.
/// </summary>
internal static class NodeConditions
{
    public const long MemoryThresholdBytes = 100L * 1024 * 1024;
    public const double DiskFreeThreshold = 0.10;
    public const double PidFreeThreshold = 0.05;

    public static IReadOnlyList<NodeCondition> Evaluate(string dataDirectory, bool runtimeReady, bool networkReady)
    {
        var memoryPressure = MachineInfo.MemInfoBytes("MemAvailable") < MemoryThresholdBytes;
        var drive = new DriveInfo(dataDirectory);
        var diskPressure = drive.TotalSize > 0 && (double)drive.AvailableFreeSpace / drive.TotalSize < DiskFreeThreshold;
        var pidPressure = PidsInUseFraction() > 1 - PidFreeThreshold;
        return
        [
            memoryPressure
                ? new("MemoryPressure", true, "KubeletHasInsufficientMemory", "kubelet has insufficient memory available")
                : new("MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            diskPressure
                ? new("DiskPressure", true, "KubeletHasDiskPressure", "kubelet has disk pressure")
                : new("DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            pidPressure
                ? new("PIDPressure", true, "KubeletHasInsufficientPID", "kubelet has insufficient PID available")
                : new("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            Ready(runtimeReady, networkReady),
        ];
    }

    internal static NodeCondition Ready(bool runtimeReady, bool networkReady) => (runtimeReady, networkReady) switch
    {
        (true, true) => new("Ready", true, "KubeletReady", "kubelet is posting ready status"),
        (false, _) => new("Ready", false, "KubeletNotReady", "container runtime is down"),
        _ => new("Ready", false, "KubeletNotReady",
            "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"),
    };

    /// <summary>Renders conditions, keeping lastTransitionTime of those whose status did not change.</summary>
    public static JsonArray Render(IReadOnlyList<NodeCondition> conditions, JsonArray? previous, DateTimeOffset now)
    {
        var array = new JsonArray();
        foreach (var condition in conditions)
        {
            var status = condition.Status ? "True" : "False";
            var old = previous?.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == condition.Type);
            var transition = old is not null && old["status"].Str() == status ? old["lastTransitionTime"].Str() ?? Json.Time(now) : Json.Time(now);
            array.Add(new JsonObject
            {
                ["type"] = condition.Type,
                ["status"] = status,
                ["lastHeartbeatTime"] = Json.Time(now),
                ["lastTransitionTime"] = transition,
                ["reason"] = condition.Reason,
                ["message"] = condition.Message,
            });
        }
        return array;
    }

    private static double PidsInUseFraction()
    {
        if (!int.TryParse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), out var max) || max <= 0)
            return 0;
        // Threads count against pid_max too; /proc/loadavg's "running/total" field is the kernel's own count.
        var fields = File.ReadAllText("/proc/loadavg").Split(' ');
        return fields.Length > 3 && int.TryParse(fields[3].Split('/').ElementAtOrDefault(1), out var total) ? (double)total / max : 0;
    }
}
