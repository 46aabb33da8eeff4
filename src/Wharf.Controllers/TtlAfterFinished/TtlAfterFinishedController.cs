using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.Job;

namespace Wharf.Controllers.TtlAfterFinished;

/// <summary>
/// Deletes finished Jobs (Complete or Failed) ttlSecondsAfterFinished after they finished, with foreground
/// propagation as upstream's ttlafterfinished controller does: the garbage collector deletes their pods first, and the
/// Job stays visible (with a deletionTimestamp) until they are gone. Before deleting it re-reads the Job, since its TTL
/// may have been changed since the cache saw it, and deletes on the condition that the uid is still the one it read.
/// </summary>
public sealed partial class TtlAfterFinishedController : IController
{
    private readonly IApiClient _client;
    private readonly ISharedIndexInformer _jobs;
    private readonly WorkQueue<string> _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TtlAfterFinishedController(ControllerContext context)
    {
        _client = context.Client;
        _time = context.Time;
        _logger = context.LoggerFactory.CreateLogger<TtlAfterFinishedController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _jobs = context.Informers.ForResource(Resource.Jobs);
        _jobs.AddEventHandler(new ResourceEventHandler { OnAdd = Enqueue, OnUpdate = (_, cur) => Enqueue(cur) });
    }

    public string Name => ControllerNames.TtlAfterFinished;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_jobs], _queue, SyncAsync, workers, _logger, ct);

    /// <summary>When a finished Job with a TTL expires, or null when it never does (no TTL, not finished, deleting).</summary>
    public static DateTimeOffset? ExpiresAt(JsonObject job)
    {
        if (ObjectMeta.IsBeingDeleted(job)) return null;
        if (job["spec"]?["ttlSecondsAfterFinished"] is not JsonValue) return null;
        var seconds = PodControl.Spec.Int(job, "ttlSecondsAfterFinished", 0);
        if (FinishedAt(job) is not { } finished) return null;
        return finished.AddSeconds(seconds);
    }

    /// <summary>The time of the Complete or Failed condition (upstream's jobFinishTime).</summary>
    public static DateTimeOffset? FinishedAt(JsonObject job)
    {
        foreach (var type in new[] { JobConditions.Complete, JobConditions.Failed })
        {
            if (JobConditions.Find(job["status"], type) is { } c && c["status"].Str() == "True")
                return JsonHelpers.ParseTime(c["lastTransitionTime"].Str());
        }
        return null;
    }

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        var cached = _jobs.Store.Get(key);
        if (cached is null || ExpiresAt(cached) is null) return;
        if (!ExpiredOrRequeue(key, cached)) return;

        JsonObject fresh;
        try
        {
            fresh = await _client.GetAsync(Resource.Jobs, ObjectMeta.Namespace(cached), ObjectMeta.Name(cached)!, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return;
        }
        if (ExpiresAt(fresh) is null || !ExpiredOrRequeue(key, fresh)) return;
        LogDeleting(_logger, key);
        try
        {
            await _client.DeleteAsync(Resource.Jobs, ObjectMeta.Namespace(fresh), ObjectMeta.Name(fresh)!, new DeleteOptions
            {
                PropagationPolicy = PropagationPolicies.Foreground,
                PreconditionUid = ObjectMeta.Uid(fresh),
            }, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    private bool ExpiredOrRequeue(string key, JsonObject job)
    {
        var left = ExpiresAt(job)!.Value - _time.GetUtcNow();
        if (left <= TimeSpan.Zero) return true;
        _queue.AddAfter(key, left);
        return false;
    }

    private void Enqueue(JsonObject job)
    {
        if (ExpiresAt(job) is not null) _queue.Add(CacheKeys.For(job));
    }

    [LoggerMessage(EventId = 10901, Level = LogLevel.Information, Message = "Deleting finished job {Key}: its ttlSecondsAfterFinished has passed")]
    private static partial void LogDeleting(ILogger logger, string key);
}
