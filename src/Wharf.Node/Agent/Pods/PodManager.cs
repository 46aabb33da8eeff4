using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Lists and watches the pods bound to this node (fieldSelector spec.nodeName=NODE) and hands each to its own
/// <see cref="PodWorker"/>. At start, sandboxes of pods the API no longer has are torn down (orphans).
/// </summary>
internal sealed partial class PodManager(PodAgentContext context)
{
    private readonly Dictionary<string, (PodWorker Worker, Task Task)> _workers = new(StringComparer.Ordinal);
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
                    var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                    var uids = items.Select(ObjectMeta.Uid).OfType<string>().ToHashSet(StringComparer.Ordinal);
                    if (first)
                        await RemoveOrphansAsync(uids, ct);
                    first = false;
                    foreach (var pod in items)
                        Dispatch(pod, ct);
                    GoneExcept(uids);
                    var resourceVersion = list["metadata"]?["resourceVersion"].Str();
                    await foreach (var change in context.Client.WatchAsync(Resource.Pods, null,
                        options with { ResourceVersion = resourceVersion, AllowWatchBookmarks = true, TimeoutSeconds = 300 + Random.Shared.Next(300) }, ct))
                    {
                        switch (change.Type)
                        {
                            case WatchEventType.Added or WatchEventType.Modified:
                                Dispatch(change.Object, ct);
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

    private void Dispatch(JsonObject pod, CancellationToken ct)
    {
        var uid = ObjectMeta.Uid(pod);
        if (uid is null)
            return;
        lock (_lock)
        {
            if (_finished.Contains(uid))
                return;
            if (_workers.TryGetValue(uid, out var existing))
            {
                existing.Worker.Update(pod);
                return;
            }
            var worker = new PodWorker(context, pod);
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
            _workers[uid] = (worker, task);
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

    /// <summary>Sandboxes (and their containers) of pods the API does not know any more.</summary>
    private async Task RemoveOrphansAsync(HashSet<string> known, CancellationToken ct)
    {
        var runtime = context.Runtime;
        foreach (var sandbox in await runtime.ListPodSandboxesAsync(null, ct))
        {
            if (!sandbox.Labels.TryGetValue(PodLabels.PodUid, out var uid) || known.Contains(uid))
                continue;
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
    }

    [LoggerMessage(EventId = 12050, Level = LogLevel.Warning, Message = "Pod watch failed: {Message}")]
    private static partial void LogWatchFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 12051, Level = LogLevel.Information, Message = "Removing orphaned sandbox {Sandbox} of pod {Uid}")]
    private static partial void LogOrphan(ILogger logger, string sandbox, string uid);
}
