using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>
/// The READY / STATUS / RESTARTS summary of a pod, with upstream's reason precedence: scheduling
/// gates, the first unfinished init container (<c>Init:1/2</c>, <c>Init:CrashLoopBackOff</c>,
/// <c>Init:ExitCode:1</c>), then the first app container's waiting/terminated reason, then
/// <c>Terminating</c> / <c>Unknown</c> for pods being deleted.
/// </summary>
internal sealed class PodSummary
{
    private const string NodeUnreachablePodReason = "NodeLost";

    private PodSummary(string ready, string status, string restarts)
    {
        Ready = ready;
        Status = status;
        Restarts = restarts;
    }

    public string Ready { get; }

    public string Status { get; }

    public string Restarts { get; }

    public static PodSummary Of(JsonObject pod, DateTimeOffset now)
    {
        var restarts = 0L;
        var sidecarRestarts = 0L;
        var total = pod.Arr("spec", "containers").Count;
        var ready = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        // The registry always sets a phase; an object stored without status reads as a new pod.
        var phase = pod.StrOrNull("status", "phase") ?? "Pending";
        var reason = phase;
        var statusReason = pod.Str("status", "reason");
        if (statusReason.Length > 0)
        {
            reason = statusReason;
        }

        var conditions = pod.Objs("status", "conditions").ToList();
        if (conditions.Any(c => c.Str("type") == "PodScheduled" && c.Str("reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initSpecs = pod.Objs("spec", "initContainers").ToList();
        var sidecars = initSpecs.Where(IsRestartable).Select(c => c.Str("name")).ToHashSet(StringComparer.Ordinal);
        total += initSpecs.Count(IsRestartable);

        var initializing = false;
        var initStatuses = pod.Arr("status", "initContainerStatuses");
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var c = initStatuses[i];
            var isSidecar = sidecars.Contains(c.Str("name"));
            restarts += c.Long("restartCount");
            Latest(ref lastRestart, Timestamps.Read(c, "lastState", "terminated", "finishedAt"), c.Has("lastState", "terminated"));
            if (isSidecar)
            {
                sidecarRestarts += c.Long("restartCount");
                Latest(ref lastSidecarRestart, Timestamps.Read(c, "lastState", "terminated", "finishedAt"), c.Has("lastState", "terminated"));
            }

            var terminated = c.Obj("state", "terminated");
            var waitingReason = c.Str("state", "waiting", "reason");
            if (terminated is not null && terminated.Long("exitCode") == 0)
            {
                continue;
            }

            if (isSidecar && c.Bool("started"))
            {
                if (c.Bool("ready"))
                {
                    ready++;
                }

                continue;
            }

            if (terminated is not null)
            {
                reason = "Init:" + TerminatedReason(terminated);
            }
            else if (c.Has("state", "waiting") && waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"Init:{i}/{initSpecs.Count}");
            }

            initializing = true;
            break;
        }

        if (!initializing || conditions.FirstOrDefault(c => c.Str("type") == "Initialized")?.Str("status") == "True")
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = pod.Arr("status", "containerStatuses");
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var c = statuses[i];
                restarts += c.Long("restartCount");
                Latest(ref lastRestart, Timestamps.Read(c, "lastState", "terminated", "finishedAt"), c.Has("lastState", "terminated"));
                var waitingReason = c.Str("state", "waiting", "reason");
                var terminated = c.Obj("state", "terminated");
                if (c.Has("state", "waiting") && waitingReason.Length > 0)
                {
                    reason = waitingReason;
                }
                else if (terminated is not null)
                {
                    reason = TerminatedReason(terminated);
                }
                else if (c.Bool("ready") && c.Has("state", "running"))
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // A pod whose main container completed while a sidecar still runs is not "Completed".
            if (reason == "Completed" && hasRunning)
            {
                var podReady = conditions.Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");
                reason = podReady ? "Running" : "NotReady";
            }
        }

        var deleting = pod.Has("metadata", "deletionTimestamp");
        if (deleting && statusReason == NodeUnreachablePodReason)
        {
            reason = "Unknown";
        }
        else if (deleting && phase is not ("Failed" or "Succeeded"))
        {
            reason = "Terminating";
        }

        var restartText = restarts.ToString(CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is { } last)
        {
            restartText += " (" + Timestamps.Since(last, now) + " ago)";
        }

        return new PodSummary(string.Create(CultureInfo.InvariantCulture, $"{ready}/{total}"), reason, restartText);
    }

    private static bool IsRestartable(JsonObject initContainer) => initContainer.Str("restartPolicy") == "Always";

    private static string TerminatedReason(JsonObject terminated)
    {
        var reason = terminated.Str("reason");
        if (reason.Length > 0)
        {
            return reason;
        }

        var signal = terminated.Long("signal");
        return signal != 0
            ? string.Create(CultureInfo.InvariantCulture, $"Signal:{signal}")
            : string.Create(CultureInfo.InvariantCulture, $"ExitCode:{terminated.Long("exitCode")}");
    }

    // Upstream keeps the latest finishedAt of terminated last states; an unset finishedAt is the zero time.
    private static void Latest(ref DateTimeOffset? latest, DateTimeOffset? candidate, bool present)
    {
        if (present && candidate is { } c && (latest is null || c > latest))
        {
            latest = c;
        }
    }
}
