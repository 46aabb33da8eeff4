using System.Text.Json.Nodes;
using Grpc.Core;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Volumes;
using Wharf.Node.Cri.V1;
using Wharf.Node.Logs;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Drives one pod (kubelet's pod worker + syncPod): on every change of the pod and every resync it reads the pod's
/// sandbox and containers from the runtime, makes them match the spec (sandbox, init containers in order, then
/// containers, restarts with CrashLoopBackOff, probe-driven restarts) and posts the status when it changed. When
/// the pod is deleted it terminates it gracefully and removes it from the API.
/// </summary>
internal sealed partial class PodWorker
{
    private const string FinalizingPhase = "__terminal";
    private static readonly TimeSpan VolumeRefresh = TimeSpan.FromSeconds(60);

    private readonly PodAgentContext _context;
    private readonly ContainerStarter _starter;
    private readonly PodSandboxConfig _sandboxConfig;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Dictionary<string, StartFailure> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _backoffAnnounced = new(StringComparer.Ordinal);
    private JsonObject _latest;
    private volatile bool _gone;
    private JsonObject? _postedStatus;
    private DateTimeOffset? _startTime;
    private IReadOnlyDictionary<string, string>? _volumePaths;
    private DateTimeOffset _volumesAt;
    private bool _volumeFailureReported;
    private int _kicked;
    private bool _settled;
    private readonly PodStartupTimer? _firstStart;

    /// <param name="context">What all workers share.</param>
    /// <param name="pod">The pod as the API has it.</param>
    /// <param name="terminalStatus">
    /// The status of a pod that must never run here (refused at admission); the worker only waits for its deletion.
    /// </param>
    public PodWorker(PodAgentContext context, JsonObject pod, JsonObject? terminalStatus = null)
    {
        _context = context;
        _starter = new ContainerStarter(context);
        _sandboxConfig = new PodSandboxConfig(context);
        _latest = pod;
        Uid = Client.Meta.ObjectMeta.Uid(pod)!;
        var status = pod["status"] as JsonObject;
        if (status?["startTime"].Str() is { } start && DateTimeOffset.TryParse(start, out var parsed))
            _startTime = parsed;
        // A pod that already finished (before an agent restart) stays finished: it is never started again.
        _postedStatus = terminalStatus
            ?? (status?["phase"].Str() is PodStatusBuilder.Succeeded or PodStatusBuilder.Failed ? (JsonObject)status.DeepClone() : null);
        // Only a pod no agent has synced yet is starting here for the first time.
        if (_postedStatus is null && _startTime is null)
            _firstStart = new PodStartupTimer(context.StartupSteps, context.Time);
    }

    public string Uid { get; }

    /// <summary>
    /// Succeeded or Failed, or gone from the API (force-deleted, still being torn down): either way the pod no longer
    /// counts against the node at admission, as with kubelet, whose pod manager forgets a removed pod at once.
    /// </summary>
    public bool IsInactive => _gone || Volatile.Read(ref _postedStatus)?["phase"].Str() is PodStatusBuilder.Succeeded or PodStatusBuilder.Failed;

    /// <summary>
    /// A newer version of the pod from the watch. One that differs from the last synced only by the status this
    /// worker posted (its own write coming back) does not cause a sync: as with kubelet, status-only changes are not
    /// pod updates, and each such sync costs a round of runtime calls per pod.
    /// </summary>
    public void Update(JsonObject pod)
    {
        Volatile.Write(ref _latest, pod);
        Wake();
    }

    /// <summary>The pod is no longer in the API (deleted with grace 0 or force-deleted): tear down without waiting.</summary>
    public void Gone()
    {
        _gone = true;
        Signal();
    }

    /// <summary>Something other than the pod object changed (a probe result, a container's state): sync now.</summary>
    public void Signal()
    {
        Volatile.Write(ref _kicked, 1);
        Wake();
    }

    private void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
                _signal.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        JsonObject? synced = null;
        var due = true;
        while (!ct.IsCancellationRequested)
        {
            var json = Volatile.Read(ref _latest);
            var kicked = Interlocked.Exchange(ref _kicked, 0) == 1;
            if (!due && !kicked && !_gone && synced is not null && OwnStatusEcho.Is(synced, json, Volatile.Read(ref _postedStatus)))
            {
                synced = json;
                due = await WaitAsync(ct);
                continue;
            }
            synced = json;
            json["apiVersion"] ??= "v1";
            json["kind"] ??= "Pod";
            var pod = Json.To<V1Pod>(json);
            _settled = false;
            try
            {
                if (_gone)
                {
                    await TerminateAsync(pod, json, TimeSpan.Zero, deleteFromApi: false, ct);
                    return;
                }
                if (pod.Metadata.DeletionTimestamp is not null)
                {
                    var grace = TimeSpan.FromSeconds(Math.Max(0, pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30));
                    await TerminateAsync(pod, json, grace, deleteFromApi: true, ct);
                    return;
                }
                await SyncAsync(pod, json, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogSyncFailed(_context.Logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, e.Message);
            }
            due = await WaitAsync(ct);
        }
    }

    /// <summary>
    /// Waits for a wake-up or the resync interval (long once every container runs: the relist, the probes and the
    /// watch wake the worker on any change); true when the interval ran out (a resync is due).
    /// </summary>
    private async Task<bool> WaitAsync(CancellationToken ct)
    {
        var interval = _settled ? _context.Options.SettledPodResyncInterval : _context.Options.PodResyncInterval;
        try
        {
            return !await _signal.WaitAsync(interval, ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SyncAsync(V1Pod pod, JsonObject podRef, CancellationToken ct)
    {
        var runtime = _context.Runtime;
        var uid = pod.Metadata.Uid;
        var now = _context.Time.GetUtcNow();
        var timer = _firstStart is { IsDone: false } first ? first : null;
        timer?.FirstSync();
        _startTime ??= now;
        var qos = QosClass.Of(pod.Spec);
        var terminal = _postedStatus?["phase"].Str() is PodStatusBuilder.Succeeded or PodStatusBuilder.Failed;
        var selector = PodLabels.ForPod(pod.Metadata.NamespaceProperty, pod.Metadata.Name, uid);
        var sandboxes = (await runtime.ListPodSandboxesAsync(new Dictionary<string, string> { [PodLabels.PodUid] = uid }, ct))
            .OrderByDescending(s => s.CreatedAt).ToList();
        var sandbox = sandboxes.FirstOrDefault(s => s.State == PodSandboxState.SandboxReady);
        // A pod's first pass reads its ConfigMaps and Secrets afresh (shared with the pods starting with it); later
        // passes take what the node read recently.
        var objects = new ObjectSource(_context.Objects, pod.Metadata.NamespaceProperty,
            _volumePaths is null ? ConfigObjectCache.StartMaxAge : ConfigObjectCache.RefreshMaxAge);

        if (terminal)
        {
            // A finished pod keeps its status; its sandbox is stopped so nothing of it runs any more.
            foreach (var s in sandboxes.Where(s => s.State == PodSandboxState.SandboxReady))
                await runtime.StopPodSandboxAsync(s.Id, ct);
            _context.Probes.StopPod(uid);
            _settled = true;
            return;
        }

        // Volumes are set up before any container starts and refreshed now and then. A new sandbox does not need them,
        // so it is created while they are set up (kubelet waits for the mounts first; here the token request and the
        // writes overlap the runtime's slowest call).
        var refreshVolumes = _volumePaths is null || now - _volumesAt > VolumeRefresh;
        var volumesReady = refreshVolumes
            ? SetUpVolumesAsync(pod, podRef, objects, sandbox is null ? "" : await PodIpAsync(sandbox.Id, ct), timer, ct)
            : Task.FromResult(true);

        var sandboxSpec = _sandboxConfig.Spec(pod, (uint)sandboxes.Count, qos, selector);
        var newSandbox = false;
        if (sandbox is null)
        {
            // No ready sandbox: every container of the old one goes, and the pod starts over in a new sandbox. (A pod
            // that never had a sandbox has no containers either: no need to ask on its critical path.)
            if (sandboxes.Count > 0)
            {
                foreach (var container in await runtime.ListContainersAsync(null, new Dictionary<string, string> { [PodLabels.PodUid] = uid }, ct))
                    await runtime.StopContainerAsync(container.Id, TimeSpan.Zero, ct);
            }
            foreach (var old in sandboxes)
                await runtime.StopPodSandboxAsync(old.Id, ct);
            if (sandboxes.Count > 0)
                _context.Events.Event(podRef, EventTypes.Normal, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
            try
            {
                var started = timer?.Mark() ?? 0;
                var id = await runtime.RunPodSandboxAsync(sandboxSpec, ct);
                timer?.Record(PodStartupSteps.Sandbox, started);
                sandbox = new PodSandbox { Id = id, State = PodSandboxState.SandboxReady };
                newSandbox = true;
            }
            catch (RpcException e)
            {
                _context.Events.Event(podRef, EventTypes.Warning, "FailedCreatePodSandBox", $"Failed to create pod sandbox: {e.Status.Detail}");
                await ((Task)volumesReady).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await PostStatusAsync(pod, Observe(pod, false, "", [], qos), ct);
                return;
            }
        }
        else
        {
            // The spec the sandbox was run with carries the attempt it had.
            sandboxSpec = sandboxSpec with { Attempt = (uint)(sandboxes.Count - 1) };
        }

        if (!await volumesReady)
        {
            await PostStatusAsync(pod, Observe(pod, false, "", [], qos), ct);
            return;
        }
        if (refreshVolumes)
            _volumesAt = now;

        var ipAsked = timer?.Mark() ?? 0;
        var podIp = pod.Spec.HostNetwork == true ? _context.Node.HostIp : await PodIpAsync(sandbox.Id, ct);
        timer?.Record(PodStartupSteps.PodIp, ipAsked);
        var hosts = _sandboxConfig.WriteHostsFile(pod, sandboxSpec.Hostname, podIp);
        var run = new PodRun(pod, podRef, sandbox.Id, sandboxSpec, podIp, qos, objects, _volumePaths!, hosts, timer);

        // A sandbox created in this pass has no containers yet.
        var containers = newSandbox ? [] : (await runtime.ListContainersAsync(sandbox.Id, null, ct)).ToList();
        // Only the newest two instances are kept (the previous one serves logs --previous).
        foreach (var stale in containers.GroupBy(c => c.Metadata.Name).SelectMany(g => g.OrderByDescending(c => c.Metadata.Attempt).Skip(2)))
            await runtime.RemoveContainerAsync(stale.Id, ct);
        var statuses = await ContainerStatusesAsync(containers, ct);

        var restartPolicy = pod.Spec.RestartPolicy ?? "Always";
        var initDone = true;
        var acted = false;
        foreach (var init in pod.Spec.InitContainers ?? [])
        {
            var latest = Latest(statuses, init.Name);
            if (latest is { State: ContainerState.ContainerExited, ExitCode: 0 })
                continue;
            initDone = false;
            if (latest is { State: ContainerState.ContainerRunning or ContainerState.ContainerCreated })
                break;
            if (latest is { State: ContainerState.ContainerExited } && restartPolicy == "Never")
                break;
            acted |= await StartOrBackOffAsync(run, init, latest, ct);
            break;
        }

        if (initDone)
        {
            foreach (var container in pod.Spec.Containers ?? [])
            {
                var latest = Latest(statuses, container.Name);
                if (latest is { State: ContainerState.ContainerRunning } && _context.Probes.FailedFatally(latest.Id) is { } failure)
                {
                    var what = failure.Kind == Probes.ProbeKind.Liveness ? "liveness" : "startup";
                    _context.Events.Event(podRef, EventTypes.Normal, "Killing", $"Container {container.Name} failed {what} probe, will be restarted");
                    await StopContainerAsync(pod, container, latest.Id, Grace(pod), ct);
                    acted = true;
                    latest = await runtime.ContainerStatusAsync(latest.Id, ct);
                    statuses[container.Name] = [.. new[] { latest }.OfType<ContainerStatus>(), .. statuses[container.Name].Skip(1)];
                }
                if (latest is null)
                {
                    acted |= await StartOrBackOffAsync(run, container, null, ct);
                }
                else if (latest.State == ContainerState.ContainerExited && ShouldRestart(restartPolicy, latest.ExitCode))
                {
                    acted |= await StartOrBackOffAsync(run, container, latest, ct);
                }
                else if (latest.State == ContainerState.ContainerRunning)
                {
                    _waiting.Remove(container.Name);
                }
            }
        }

        if (initDone)
        {
            // Debug containers start once the pod runs and are never restarted, whatever the restart policy.
            foreach (var ephemeral in EphemeralContainers.Of(pod))
            {
                if (Latest(statuses, ephemeral.Name) is null)
                    acted |= await StartOrBackOffAsync(run, ephemeral, null, ct);
            }
        }

        // Re-read what changed during this pass so the status shows it at once (nothing to re-read when this pass
        // neither started nor stopped a container: on a settled pod's resync that saves two runtime calls).
        var after = acted ? await ContainerStatusesAsync(await runtime.ListContainersAsync(sandbox.Id, null, ct), ct) : statuses;

        var running = new Dictionary<string, (V1Container, DateTimeOffset)>(StringComparer.Ordinal);
        foreach (var container in pod.Spec.Containers ?? [])
        {
            if (Latest(after, container.Name) is { State: ContainerState.ContainerRunning } live)
                running[live.Id] = (container, PodStatusBuilder.FromNanos(live.StartedAt));
        }
        _context.Probes.Sync(uid, podRef, podIp, running, Signal);
        var posting = timer?.Mark() ?? 0;
        await PostStatusAsync(pod, Observe(pod, true, podIp, after, qos), ct);
        timer?.Record(PodStartupSteps.Status, posting);
        // Every container runs and nothing waits (a back-off, an ephemeral container to start): the pod has settled.
        _settled = initDone && running.Count == (pod.Spec.Containers?.Count ?? 0) && _waiting.Count == 0
            && EphemeralContainers.Of(pod).All(e => Latest(after, e.Name) is not null);
        if (_settled)
            timer?.Complete();
    }

    /// <summary>Starts the container unless it is backing off; true when a start was attempted.</summary>
    private async Task<bool> StartOrBackOffAsync(PodRun run, V1Container container, ContainerStatus? previous, CancellationToken ct)
    {
        var pod = run.Pod;
        var key = $"{pod.Metadata.Uid}/{container.Name}";
        var attempt = previous is null ? 0u : previous.Metadata.Attempt + 1;
        if (previous is not null)
        {
            var finished = PodStatusBuilder.FromNanos(previous.FinishedAt);
            if (_context.CrashBackoff.IsInBackOffSince(key, finished))
            {
                var delay = _context.CrashBackoff.Get(key);
                var podDescription = $"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})";
                _waiting[container.Name] = new StartFailure("CrashLoopBackOff",
                    $"back-off {FormatDuration(delay)} restarting failed container={container.Name} pod={podDescription}");
                // One BackOff event per crash, not one per resync.
                if (_backoffAnnounced.GetValueOrDefault(container.Name) != previous.FinishedAt)
                {
                    _backoffAnnounced[container.Name] = previous.FinishedAt;
                    _context.Events.Event(run.PodRef, EventTypes.Warning, "BackOff", $"Back-off restarting failed container {container.Name} in pod {podDescription}");
                }
                return false;
            }
            _context.CrashBackoff.Next(key, finished);
        }
        var failure = await _starter.StartAsync(run, container, attempt, ct);
        if (failure is null)
            _waiting.Remove(container.Name);
        else
            _waiting[container.Name] = failure;
        return true;
    }

    private async Task<bool> SetUpVolumesAsync(V1Pod pod, JsonObject podRef, ObjectSource objects, string podIp, PodStartupTimer? timer, CancellationToken ct)
    {
        var context = new VolumeContext(pod, objects, podIp, _context.Node.HostIp, _context.Node.AllocatableCpu, _context.Node.AllocatableMemory);
        try
        {
            var started = timer?.Mark() ?? 0;
            _volumePaths = await _context.Volumes.SetUpAsync(context, pod.Spec.Volumes ?? [], ct);
            timer?.Record(PodStartupSteps.Volumes, started);
            _volumeFailureReported = false;
            return true;
        }
        catch (VolumeSetupException e)
        {
            if (!_volumeFailureReported)
            {
                _context.Events.Event(podRef, EventTypes.Warning, "FailedMount", e.Message);
                LogMountFailed(_context.Logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, e.Message);
            }
            _volumeFailureReported = true;
            // Volumes that worked before stay mounted; the pod keeps running on the old content.
            return _volumePaths is not null;
        }
    }

    private PodObservation Observe(V1Pod pod, bool sandboxReady, string podIp, Dictionary<string, List<ContainerStatus>> statuses, string qos)
    {
        ContainerObservation Of(V1Container c, bool init)
        {
            var list = statuses.GetValueOrDefault(c.Name) ?? [];
            var latest = list.FirstOrDefault();
            var previous = list.Skip(1).FirstOrDefault();
            var running = latest is { State: ContainerState.ContainerRunning };
            var ready = running && !init && _context.Probes.Ready(latest!.Id, c);
            var started = running && (init || _context.Probes.Started(latest!.Id, c));
            var waiting = running ? null : _waiting.GetValueOrDefault(c.Name);
            return new ContainerObservation(c.Name, c.Image, latest, previous, (int)(latest?.Metadata.Attempt ?? 0), waiting, ready, started);
        }
        return new PodObservation(
            sandboxReady,
            podIp,
            _context.Node.HostIp,
            (pod.Spec.InitContainers ?? []).Select(c => Of(c, true)).ToList(),
            (pod.Spec.Containers ?? []).Select(c => Of(c, false)).ToList(),
            _startTime ?? _context.Time.GetUtcNow(),
            qos)
        {
            EphemeralContainers = EphemeralContainers.Of(pod).Select(c => Of(c, true)).ToList(),
        };
    }

    /// <summary>The latest two instances of each container, newest first, as the runtime reports them.</summary>
    private async Task<Dictionary<string, List<ContainerStatus>>> ContainerStatusesAsync(IEnumerable<Container> containers, CancellationToken ct)
    {
        var statuses = new Dictionary<string, List<ContainerStatus>>(StringComparer.Ordinal);
        foreach (var c in containers.GroupBy(c => c.Metadata.Name))
        {
            var list = new List<ContainerStatus>();
            foreach (var instance in c.OrderByDescending(i => i.Metadata.Attempt).Take(2))
            {
                if (await _context.Runtime.ContainerStatusAsync(instance.Id, ct) is { } status)
                    list.Add(status);
            }
            statuses[c.Key] = list;
        }
        return statuses;
    }

    private async Task PostStatusAsync(V1Pod pod, PodObservation observed, CancellationToken ct, bool podIsTerminal = false)
    {
        var current = Volatile.Read(ref _latest)["status"] as JsonObject;
        var previous = _postedStatus ?? current;
        var status = PodStatusBuilder.Build(pod, observed, previous, _context.Time.GetUtcNow(), podIsTerminal);
        // The merge patch replaces the whole conditions list: keep the ones other components own (an eviction's
        // DisruptionTarget, readiness gates) as upstream's kubelet does.
        var conditions = (JsonArray)status["conditions"]!;
        foreach (var foreign in (current?["conditions"] as JsonArray ?? []).OfType<JsonObject>())
            if (foreign["type"].Str() is { } type && !PodStatusBuilder.OwnedConditions.Contains(type))
                conditions.Add(foreign.DeepClone());
        if (_postedStatus is not null && JsonNode.DeepEquals(status, _postedStatus))
            return;
        await _context.Client.PatchAsync(Resource.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.Merge,
            new JsonObject { ["status"] = status.DeepClone() }, new PatchOptions { Subresource = "status" }, ct);
        _postedStatus = status;
    }

    /// <summary>preStop hooks, then SIGTERM with the grace period (SIGKILL after), sandbox down, volumes gone, pod deleted.</summary>
    private async Task TerminateAsync(V1Pod pod, JsonObject podRef, TimeSpan grace, bool deleteFromApi, CancellationToken ct)
    {
        var runtime = _context.Runtime;
        var uid = pod.Metadata.Uid;
        _context.Probes.StopPod(uid);
        var containers = await runtime.ListContainersAsync(null, new Dictionary<string, string> { [PodLabels.PodUid] = uid }, ct);
        var specs = (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []).ToDictionary(c => c.Name, StringComparer.Ordinal);
        await Task.WhenAll(containers.Where(c => c.State == ContainerState.ContainerRunning).Select(c =>
        {
            var spec = specs.GetValueOrDefault(c.Metadata.Name);
            if (spec is not null)
                _context.Events.Event(podRef, EventTypes.Normal, "Killing", $"Stopping container {spec.Name}");
            return spec is null ? runtime.StopContainerAsync(c.Id, grace, ct) : StopContainerAsync(pod, spec, c.Id, grace, ct);
        }));
        var sandboxes = await runtime.ListPodSandboxesAsync(new Dictionary<string, string> { [PodLabels.PodUid] = uid }, ct);
        foreach (var sandbox in sandboxes)
            await runtime.StopPodSandboxAsync(sandbox.Id, ct);
        if (deleteFromApi)
            await PostFinalStatusAsync(pod, containers, ct);
        foreach (var container in containers)
            await runtime.RemoveContainerAsync(container.Id, ct);
        foreach (var sandbox in sandboxes)
            await runtime.RemovePodSandboxAsync(sandbox.Id, ct);
        _context.Volumes.TearDown(uid);
        _context.CrashBackoff.Forget(uid + "/");
        Host.CgroupCleaner.RemoveTree(_sandboxConfig.CgroupParent(pod, QosClass.Of(pod.Spec)));
        if (!deleteFromApi)
            return;
        try
        {
            await _context.Client.DeleteAsync(Resource.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name,
                new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = uid }, ct);
        }
        catch (ApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Already gone, or a new pod of the same name: nothing of ours left to delete.
        }
    }

    /// <summary>
    /// A deleted pod's terminal phase (Failed, or Succeeded if every container exited 0) and its containers' last
    /// states go to the API before the pod is removed, as upstream's kubelet does: whoever holds a finalizer on it
    /// (the Job controller) judges the pod by how it ended.
    /// </summary>
    private async Task PostFinalStatusAsync(V1Pod pod, IReadOnlyList<Container> containers, CancellationToken ct)
    {
        if (_postedStatus?["phase"].Str() is PodStatusBuilder.Succeeded or PodStatusBuilder.Failed)
            return;
        try
        {
            var statuses = await ContainerStatusesAsync(containers, ct);
            await PostStatusAsync(pod, Observe(pod, false, "", statuses, QosClass.Of(pod.Spec)), ct, podIsTerminal: true);
        }
        catch (ApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Already removed (force-deleted): there is nobody left to tell.
        }
    }

    /// <summary>Runs the preStop hook (within the grace period), then stops the container with what is left of it.</summary>
    private async Task StopContainerAsync(V1Pod pod, V1Container spec, string containerId, TimeSpan grace, CancellationToken ct)
    {
        var started = _context.Time.GetUtcNow();
        if (spec.Lifecycle?.PreStop?.Exec?.Command is { Count: > 0 } hook && grace > TimeSpan.Zero)
        {
            try
            {
                var result = await _context.Runtime.ExecSyncAsync(containerId, hook.ToList(), grace, ct);
                if (result.ExitCode != 0)
                    _context.Events.Event(Volatile.Read(ref _latest), EventTypes.Warning, "FailedPreStopHook",
                        $"PreStopHook failed: command '{string.Join(' ', hook)}' exited with {result.ExitCode}: {result.StdoutText}{result.StderrText}");
            }
            catch (RpcException)
            {
                // The hook timing out must not keep the container alive past its grace period.
            }
        }
        var left = grace - (_context.Time.GetUtcNow() - started);
        await _context.Runtime.StopContainerAsync(containerId, left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
    }

    private async Task<string> PodIpAsync(string sandboxId, CancellationToken ct) =>
        (await _context.Runtime.PodSandboxStatusAsync(sandboxId, ct))?.Network?.Ip ?? "";

    private static ContainerStatus? Latest(Dictionary<string, List<ContainerStatus>> statuses, string name) =>
        statuses.GetValueOrDefault(name)?.FirstOrDefault();

    internal static bool ShouldRestart(string restartPolicy, int exitCode) => restartPolicy switch
    {
        "Always" => true,
        "OnFailure" => exitCode != 0,
        _ => false,
    };

    private static TimeSpan Grace(V1Pod pod) => TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30);

    /// <summary>Go's duration format for whole durations: 10s, 1m20s, 5m0s.</summary>
    internal static string FormatDuration(TimeSpan d) =>
        d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m{d.Seconds}s" : $"{(int)d.TotalSeconds}s";

    [LoggerMessage(EventId = 12031, Level = LogLevel.Warning, Message = "Volumes of pod {PodNamespace}/{PodName} not ready: {Message}")]
    private static partial void LogMountFailed(ILogger logger, string podNamespace, string podName, string message);

    [LoggerMessage(EventId = 12030, Level = LogLevel.Warning, Message = "Sync of pod {PodNamespace}/{PodName} failed: {Message}")]
    private static partial void LogSyncFailed(ILogger logger, string podNamespace, string podName, string message);
}
