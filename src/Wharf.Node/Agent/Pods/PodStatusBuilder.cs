using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Node.Cri.V1;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// The pod status kubelet would post for an observation: phase by upstream's rules, the five conditions, container
/// and init container statuses with waiting/running/terminated state and lastState, addresses, startTime, qosClass.
/// Pure: same inputs, same JSON, so an unchanged pod is not posted again.
/// </summary>
internal static class PodStatusBuilder
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    /// <summary>The condition types this agent writes; others on the pod (DisruptionTarget, readiness gates) belong to someone else.</summary>
    public static readonly IReadOnlySet<string> OwnedConditions =
        new HashSet<string>(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], StringComparer.Ordinal);

    /// <param name="podIsTerminal">The pod was stopped for good (deleted): it ends Succeeded or Failed whatever its restart policy.</param>
    public static JsonObject Build(V1Pod pod, PodObservation observed, JsonObject? previous, DateTimeOffset now, bool podIsTerminal = false)
    {
        var restartPolicy = pod.Spec.RestartPolicy ?? "Always";
        var initDone = observed.InitContainers.All(Succeeded0);
        var phase = Phase(restartPolicy, observed, initDone, previous?["phase"].Str());
        if (podIsTerminal && phase is not (Succeeded or Failed))
            phase = observed.Containers.Count > 0 && observed.Containers.All(Succeeded0) ? Succeeded : Failed;
        var terminal = phase is Succeeded or Failed;
        var notReady = observed.Containers.Where(c => !c.Ready || terminal).Select(c => c.Name).ToList();
        var incompleteInit = observed.InitContainers.Where(c => !Succeeded0(c)).Select(c => c.Name).ToList();

        var conditions = new JsonArray(
            Condition(previous, "PodReadyToStartContainers", observed.SandboxReady, null, null, now),
            Condition(previous, "Initialized", initDone, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', incompleteInit)}]", now),
            Condition(previous, "Ready", notReady.Count == 0, terminal ? "PodCompleted" : "ContainersNotReady", terminal ? null : $"containers with unready status: [{string.Join(' ', notReady)}]", now),
            Condition(previous, "ContainersReady", notReady.Count == 0, terminal ? "PodCompleted" : "ContainersNotReady", terminal ? null : $"containers with unready status: [{string.Join(' ', notReady)}]", now),
            Condition(previous, "PodScheduled", true, null, null, now));

        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = conditions,
            ["hostIP"] = observed.HostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = observed.HostIp }),
            ["startTime"] = Json.Time(observed.StartTime),
            ["qosClass"] = observed.QosClass,
        };
        if (observed.PodIp.Length > 0)
        {
            status["podIP"] = observed.PodIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = observed.PodIp });
        }
        if (observed.InitContainers.Count > 0)
            status["initContainerStatuses"] = new JsonArray(observed.InitContainers.Select(c => (JsonNode)ContainerStatusJson(c, "PodInitializing", true)).ToArray());
        status["containerStatuses"] = new JsonArray(observed.Containers.Select(c => (JsonNode)ContainerStatusJson(c, initDone ? "ContainerCreating" : "PodInitializing", false)).ToArray());
        if (observed.EphemeralContainers.Count > 0)
            status["ephemeralContainerStatuses"] = new JsonArray(observed.EphemeralContainers.Select(c => (JsonNode)ContainerStatusJson(c, "PodInitializing", false)).ToArray());
        return status;
    }

    /// <summary>Upstream's getPhase; a terminal phase once reached is kept.</summary>
    internal static string Phase(string restartPolicy, PodObservation observed, bool initDone, string? previousPhase)
    {
        if (previousPhase is Succeeded or Failed)
            return previousPhase;
        if (!initDone)
        {
            var initFailed = observed.InitContainers.Any(c => c.Latest is { State: ContainerState.ContainerExited, ExitCode: not 0 });
            return initFailed && restartPolicy == "Never" ? Failed : Pending;
        }
        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var c in observed.Containers)
        {
            switch (c.Latest?.State)
            {
                case ContainerState.ContainerRunning when c.Waiting is null:
                    running++;
                    break;
                case ContainerState.ContainerExited:
                    stopped++;
                    if (c.Latest.ExitCode == 0) succeeded++;
                    break;
                default:
                    if (c.Previous is { State: ContainerState.ContainerExited }) stopped++;
                    else waiting++;
                    break;
            }
        }
        if (waiting > 0)
            return Pending;
        if (running > 0)
            return Running;
        if (stopped > 0)
        {
            if (restartPolicy == "Always")
                return Running;
            if (stopped == succeeded)
                return Succeeded;
            if (restartPolicy == "Never")
                return Failed;
            return Running;
        }
        return Pending;
    }

    private static bool Succeeded0(ContainerObservation c) => c.Latest is { State: ContainerState.ContainerExited, ExitCode: 0 };

    private static JsonObject Condition(JsonObject? previous, string type, bool ok, string? reason, string? message, DateTimeOffset now)
    {
        var status = ok ? "True" : "False";
        var old = (previous?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == type);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = old is not null && old["status"].Str() == status ? old["lastTransitionTime"]?.DeepClone() : Json.Time(now),
        };
        if (!ok && reason is not null)
            condition["reason"] = reason;
        if (!ok && message is not null)
            condition["message"] = message;
        return condition;
    }

    private static JsonObject ContainerStatusJson(ContainerObservation c, string defaultWaiting, bool init)
    {
        var status = new JsonObject { ["name"] = c.Name };
        var latest = c.Latest;
        JsonObject state;
        JsonObject lastState = c.Previous is { State: ContainerState.ContainerExited } previous
            ? new JsonObject { ["terminated"] = Terminated(previous) }
            : new JsonObject();
        if (c.Waiting is { } waiting)
        {
            state = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = waiting.Reason, ["message"] = waiting.Message } };
            if (latest is { State: ContainerState.ContainerExited })
                lastState = new JsonObject { ["terminated"] = Terminated(latest) };
        }
        else if (latest is { State: ContainerState.ContainerRunning })
        {
            state = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Json.Time(FromNanos(latest.StartedAt)) } };
        }
        else if (latest is { State: ContainerState.ContainerExited })
        {
            state = new JsonObject { ["terminated"] = Terminated(latest) };
        }
        else
        {
            state = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = defaultWaiting } };
        }
        status["state"] = state;
        status["lastState"] = lastState;
        status["ready"] = c.Ready;
        status["restartCount"] = c.RestartCount;
        status["image"] = c.Image;
        status["imageID"] = latest?.ImageRef ?? "";
        if (latest is not null)
            status["containerID"] = "containerd://" + latest.Id;
        status["started"] = latest is { State: ContainerState.ContainerRunning } && c.Started;
        return status;
    }

    private static JsonObject Terminated(ContainerStatus s)
    {
        var terminated = new JsonObject
        {
            ["exitCode"] = s.ExitCode,
            ["reason"] = s.Reason is { Length: > 0 } r ? r : s.ExitCode == 0 ? "Completed" : "Error",
            ["startedAt"] = s.StartedAt > 0 ? Json.Time(FromNanos(s.StartedAt)) : null,
            ["finishedAt"] = Json.Time(FromNanos(s.FinishedAt)),
            ["containerID"] = "containerd://" + s.Id,
        };
        if (s.Message is { Length: > 0 } m)
            terminated["message"] = m;
        return terminated;
    }

    internal static DateTimeOffset FromNanos(long nanos) => DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000);
}
