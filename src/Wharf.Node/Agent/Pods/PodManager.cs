using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Admission;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Lists and watches the pods bound to this node (fieldSelector spec.nodeName=NODE) and hands each to its own
/// <see cref="PodWorker"/>. At start, sandboxes of pods the API no longer has are torn down (orphans). A new pod is
/// admitted first (<see cref="AdmissionGate"/>), one at a time in the order the pods arrive (by creation time within
/// a list), against the pods admitted before it; pods that already run when the agent starts are taken as they are.
/// </summary>
internal sealed partial class PodManager(PodAgentContext context)
{
    private readonly Dictionary<string, (PodWorker Worker, Task Task, V1Pod Pod)> _workers = new(StringComparer.Ordinal);
    private readonly AdmissionGate _admission = new(context.Client, context.Events, context.Options.NodeName, context.Time, context.Logger);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public int WorkerCount
    {
        get { lock (_lock) return _workers.Count; }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var options = new ListOptions { FieldSelector = "spec.nodeName=" + context.Options.NodeName };
        var backoff = TimeSpan.FromMilliseconds(500);
        var first = true;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var list = await context.Client.ListAsync(Resource.Pods, null, options, ct);
                    var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>()
                        .OrderBy(p => p["metadata"]?["creationTimestamp"].Str() is { } t && DateTimeOffset.TryParse(t, out var at) ? at : DateTimeOffset.MaxValue)
                        .ThenBy(p => p["metadata"]?["name"].Str(), StringComparer.Ordinal)
                        .ToList();
                    var uids = items.Select(ObjectMeta.Uid).OfType<string>().ToHashSet(StringComparer.Ordinal);
                    var withSandbox = first ? await RemoveOrphansAsync(uids, ct) : null;
                    first = false;
                    foreach (var pod in items)
                        await DispatchAsync(pod, withSandbox, ct);
                    GoneExcept(uids);
                    var resourceVersion = list["metadata"]?["resourceVersion"].Str();
                    await foreach (var change in context.Client.WatchAsync(Resource.Pods, null,
                        options with { ResourceVersion = resourceVersion, AllowWatchBookmarks = true, TimeoutSeconds = 300 + Random.Shared.Next(300) }, ct))
                    {
                        switch (change.Type)
                        {
                            case WatchEventType.Added or WatchEventType.Modified:
                                await DispatchAsync(change.Object, null, ct);
                                break;
                            case WatchEventType.Deleted:
                                Gone(ObjectMeta.Uid(change.Object));
                                break;
                            case WatchEventType.Error:
                                throw ApiException.FromStatus(change.Object);
                        }
                    }
                    backoff = TimeSpan.FromMilliseconds(500);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is ApiException or HttpRequestException or IOException or System.Text.Json.JsonException or FormatException)
                {
                    LogWatchFailed(context.Logger, e.Message);
                    await Task.Delay(backoff, ct).ContinueWith(_ => { }, CancellationToken.None);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }
        }
        finally
        {
            Task[] running;
            lock (_lock) running = _workers.Values.Select(w => w.Task).ToArray();
            await Task.WhenAll(running);
        }
    }

    /// <param name="pod">The pod as listed or watched.</param>
    /// <param name="running">At agent start: the pods that have a sandbox (they were admitted before the restart).</param>
    /// <param name="ct">Stops the workers.</param>
    private async Task DispatchAsync(JsonObject pod, IReadOnlySet<string>? running, CancellationToken ct)
    {
        // Nothing in the agent reads managedFields (as upstream's informers drop them): without them each pod it keeps
        // is smaller, JSON and typed, and every sync pass converts less.
        InformerTransforms.StripManagedFields(pod);
        var uid = ObjectMeta.Uid(pod);
        if (uid is null)
            return;
        List<V1Pod> admitted;
        lock (_lock)
        {
            if (_finished.Contains(uid))
                return;
            if (_workers.TryGetValue(uid, out var existing))
            {
                existing.Worker.Update(pod);
                return;
            }
            admitted = _workers.Values.Where(w => !w.Worker.IsInactive).Select(w => w.Pod).ToList();
        }
        // Only this loop adds workers, so nothing else can start this pod while it is being admitted.
        pod["apiVersion"] ??= "v1";
        pod["kind"] ??= "Pod";
        var typed = Json.To<V1Pod>(pod);
        JsonObject? rejected = null;
        if (NeedsAdmission(typed, running))
        {
            var started = context.Time.GetTimestamp();
            var result = await _admission.AdmitAsync(typed, admitted, ct);
            context.StartupSteps.Record(PodStartupSteps.Admission, context.Time.GetElapsedTime(started));
            if (!result.Admit)
                rejected = await _admission.RejectAsync(pod, typed, result, ct);
        }
        Start(uid, pod, typed, rejected, ct);
    }

    /// <summary>
    /// A pod is admitted once: not when it is finished or being deleted, nor when it was already running before the
    /// agent (re)started, which must never cost a running pod its place.
    /// </summary>
    private static bool NeedsAdmission(V1Pod pod, IReadOnlySet<string>? running) =>
        pod.Status?.Phase is not (PodStatusBuilder.Succeeded or PodStatusBuilder.Failed)
        && pod.Metadata.DeletionTimestamp is null
        && !(running is not null && (running.Contains(pod.Metadata.Uid) || pod.Status?.Phase == "Running"));

    private void Start(string uid, JsonObject pod, V1Pod typed, JsonObject? rejected, CancellationToken ct)
    {
        lock (_lock)
        {
            var worker = new PodWorker(context, pod, rejected);
            var task = Task.Run(async () =>
            {
                try
                {
                    await worker.RunAsync(ct);
                }
                finally
                {
                    lock (_lock)
                    {
                        _workers.Remove(uid);
                        if (!ct.IsCancellationRequested)
                            _finished.Add(uid);
                    }
                }
            }, CancellationToken.None);
            _workers[uid] = (worker, task, typed);
        }
    }

    /// <summary>The runtime state of the pod's sandboxes or containers changed (see <see cref="RuntimeRelister"/>).</summary>
    public void RuntimeChanged(string uid)
    {
        lock (_lock)
        {
            if (_workers.TryGetValue(uid, out var w))
                w.Worker.Signal();
        }
    }

    private void Gone(string? uid)
    {
        if (uid is null)
            return;
        lock (_lock)
        {
            if (_workers.TryGetValue(uid, out var w))
                w.Worker.Gone();
        }
    }

    private void GoneExcept(HashSet<string> present)
    {
        lock (_lock)
        {
            foreach (var (uid, w) in _workers)
            {
                if (!present.Contains(uid))
                    w.Worker.Gone();
            }
        }
    }

    /// <summary>
    /// Removes the sandboxes (and their containers) of pods the API does not know any more; returns the known pods
    /// that have a sandbox.
    /// </summary>
    private async Task<IReadOnlySet<string>> RemoveOrphansAsync(HashSet<string> known, CancellationToken ct)
    {
        var runtime = context.Runtime;
        var withSandbox = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sandbox in await runtime.ListPodSandboxesAsync(null, ct))
        {
            if (!sandbox.Labels.TryGetValue(PodLabels.PodUid, out var uid))
                continue;
            if (known.Contains(uid))
            {
                withSandbox.Add(uid);
                continue;
            }
            LogOrphan(context.Logger, sandbox.Id, uid);
            foreach (var container in await runtime.ListContainersAsync(sandbox.Id, null, ct))
            {
                await runtime.StopContainerAsync(container.Id, TimeSpan.Zero, ct);
                await runtime.RemoveContainerAsync(container.Id, ct);
            }
            await runtime.StopPodSandboxAsync(sandbox.Id, ct);
            await runtime.RemovePodSandboxAsync(sandbox.Id, ct);
            context.Volumes.TearDown(uid);
        }
        return withSandbox;
    }

    [LoggerMessage(EventId = 12050, Level = LogLevel.Warning, Message = "Pod watch failed: {Message}")]
    private static partial void LogWatchFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 12051, Level = LogLevel.Information, Message = "Removing orphaned sandbox {Sandbox} of pod {Uid}")]
    private static partial void LogOrphan(ILogger logger, string sandbox, string uid);
}
