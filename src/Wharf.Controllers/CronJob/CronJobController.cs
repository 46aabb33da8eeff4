using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.Job;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.CronJob;

/// <summary>
/// Creates a Job for each due schedule time of a CronJob (upstream's cronjob controller v2): honours suspend,
/// timeZone, startingDeadlineSeconds and the Allow/Forbid/Replace concurrency policies, keeps status.active,
/// lastScheduleTime and lastSuccessfulTime, trims finished Jobs to the history limits, and sleeps until the next
/// schedule time.
/// </summary>
public sealed class CronJobController : IController
{
    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly ISharedIndexInformer _cronJobs;
    private readonly ISharedIndexInformer _jobs;
    private readonly WorkQueue<string> _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CronJobController(ControllerContext context)
    {
        _client = context.Client;
        _events = context.Events;
        _time = context.Time;
        _logger = context.LoggerFactory.CreateLogger<CronJobController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _cronJobs = context.Informers.ForResource(CronJobKind.CronJobs);
        _cronJobs.AddEventHandler(new ResourceEventHandler { OnAdd = Enqueue, OnUpdate = (_, cur) => Enqueue(cur) });
        _jobs = context.Informers.ForResource(Resource.Jobs);
        ControllerIndex.EnsureOn(_jobs);
        _jobs.AddEventHandler(new ResourceEventHandler { OnAdd = JobChanged, OnUpdate = (_, cur) => JobChanged(cur), OnDelete = JobChanged });
    }

    public string Name => ControllerNames.CronJob;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_cronJobs, _jobs], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var cronJob = _cronJobs.Store.Get(key);
        if (cronJob is null) return;
        var now = _time.GetUtcNow();
        var target = OwnerReferences.EventTarget(cronJob, CronJobKind.CronJobs);
        var status = cronJob["status"]?.DeepClone() as JsonObject ?? new JsonObject();
        var owned = _jobs.Store.ByIndex(ControllerIndex.Name, ObjectMeta.Uid(cronJob)!);

        await ReconcileActiveAsync(cronJob, target, status, owned, ct);
        TimeSpan? requeue = null;
        try
        {
            requeue = await ScheduleAsync(cronJob, target, status, now, ct);
        }
        finally
        {
            await CleanupHistoryAsync(cronJob, target, status, owned, ct);
            await WriteStatusAsync(cronJob, status, ct);
        }
        if (requeue is { } delay) _queue.AddAfter(key, delay);
    }

    /// <summary>Drops finished and vanished Jobs from status.active, noting the latest success.</summary>
    private async Task ReconcileActiveAsync(JsonObject cronJob, JsonObject target, JsonObject status, IReadOnlyList<JsonObject> owned, CancellationToken ct)
    {
        if (status["active"] is not JsonArray active) return;
        var byUid = owned.ToDictionary(j => ObjectMeta.Uid(j)!);
        foreach (var reference in active.OfType<JsonObject>().ToList())
        {
            var uid = reference["uid"].Str() ?? "";
            if (byUid.TryGetValue(uid, out var job))
            {
                if (!JobConditions.IsFinished(job)) continue;
                var outcome = JobConditions.IsTrue(job["status"], JobConditions.Complete) ? JobConditions.Complete : JobConditions.Failed;
                _events.Event(target, EventTypes.Normal, "SawCompletedJob", $"Saw completed job: {ObjectMeta.Name(job)}, condition: {outcome}");
                if (outcome == JobConditions.Complete && JsonHelpers.ParseTime(job["status"]?["completionTime"].Str()) is { } done
                    && (JsonHelpers.ParseTime(status["lastSuccessfulTime"].Str()) is not { } last || done > last))
                    status["lastSuccessfulTime"] = JsonHelpers.Timestamp(done);
                active.Remove(reference);
                continue;
            }
            // Not in the cache: make sure it is really gone before forgetting it.
            try
            {
                var fresh = await _client.GetAsync(Resource.Jobs, ObjectMeta.Namespace(cronJob), reference["name"].Str() ?? "", ct);
                if (ObjectMeta.Uid(fresh) == uid) continue;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
            }
            _events.Event(target, EventTypes.Normal, "MissingJob", $"Active job went missing: {reference["name"].Str()}");
            active.Remove(reference);
        }
        if (active.Count == 0) status.Remove("active");
    }

    /// <summary>Starts the Job due now, if any; returns when to look again.</summary>
    private async Task<TimeSpan?> ScheduleAsync(JsonObject cronJob, JsonObject target, JsonObject status, DateTimeOffset now, CancellationToken ct)
    {
        if (ObjectMeta.IsBeingDeleted(cronJob)) return null;
        var spec = cronJob["spec"] as JsonObject ?? new JsonObject();
        var zoneName = spec["timeZone"].Str();
        TimeZoneInfo zone;
        try
        {
            zone = zoneName is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            _events.Event(target, EventTypes.Warning, "UnknownTimeZone", $"invalid timeZone: \"{zoneName}\": {e.Message}");
            return null;
        }
        var scheduleText = spec["schedule"].Str() ?? "";
        if (!CronSchedule.TryParse(scheduleText, out var schedule, out var parseError))
        {
            _events.Event(target, EventTypes.Warning, "UnparseableSchedule", $"unparseable schedule: \"{scheduleText}\" : {parseError}");
            return null;
        }
        if (spec["suspend"]?.GetValue<bool>() == true) return null;

        TimeSpan? UntilNext() => schedule!.Next(now, zone) is { } next ? next - now + TimeSpan.FromMilliseconds(100) : null;

        var lastSchedule = JsonHelpers.ParseTime(status["lastScheduleTime"].Str());
        var earliest = lastSchedule ?? JsonHelpers.ParseTime(cronJob["metadata"]?["creationTimestamp"].Str()) ?? now;
        var startingDeadline = spec["startingDeadlineSeconds"] is JsonValue sds && sds.TryGetValue<double>(out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        if (startingDeadline is { } window && now - window > earliest) earliest = now - window;

        var (scheduled, missed) = ScheduleTimes.MostRecent(schedule!, zone, earliest, now);
        if (missed > ScheduleTimes.TooManyMissed)
            _events.Event(target, EventTypes.Warning, "TooManyMissedTimes",
                "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        if (scheduled is not { } due) return UntilNext();
        if (startingDeadline is { } deadline && due + deadline < now)
        {
            _events.Event(target, EventTypes.Warning, "MissSchedule",
                $"Missed scheduled time to start a job: {due.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)}");
            return UntilNext();
        }
        var jobName = CronJobKind.JobName(ObjectMeta.Name(cronJob)!, due);
        var active = status["active"] as JsonArray ?? [];
        if (active.OfType<JsonObject>().Any(r => r["name"].Str() == jobName) || lastSchedule == due) return UntilNext();

        var policy = spec["concurrencyPolicy"].Str() ?? "Allow";
        if (policy == "Forbid" && active.Count > 0)
        {
            _events.Event(target, EventTypes.Normal, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
            return UntilNext();
        }
        if (policy == "Replace")
        {
            foreach (var reference in active.OfType<JsonObject>().ToList())
            {
                await DeleteJobAsync(cronJob, target, reference["name"].Str() ?? "", ct);
                active.Remove(reference);
            }
        }

        var created = await CreateJobAsync(cronJob, target, jobName, due, zone, ct);
        if (created is not null && !JobConditions.IsFinished(created))
        {
            active.Add(new JsonObject
            {
                ["kind"] = "Job",
                ["namespace"] = ObjectMeta.Namespace(created),
                ["name"] = ObjectMeta.Name(created),
                ["uid"] = ObjectMeta.Uid(created),
                ["apiVersion"] = "batch/v1",
                ["resourceVersion"] = ObjectMeta.ResourceVersion(created),
            });
        }
        if (active.Count > 0) status["active"] = active;
        else status.Remove("active");
        status["lastScheduleTime"] = JsonHelpers.Timestamp(due);
        return UntilNext();
    }

    private async Task<JsonObject?> CreateJobAsync(JsonObject cronJob, JsonObject target, string name, DateTimeOffset scheduled, TimeZoneInfo zone, CancellationToken ct)
    {
        var job = NewJob(cronJob, name, scheduled, zone);
        try
        {
            var created = await _client.CreateAsync(Resource.Jobs, ObjectMeta.Namespace(cronJob), job, ct);
            _events.Event(target, EventTypes.Normal, "SuccessfulCreate", $"Created job {name}");
            return created;
        }
        catch (ApiException e) when (e.IsAlreadyExists)
        {
            // Created by an earlier pass whose status write was lost: adopt it if it is ours.
            var existing = await _client.GetAsync(Resource.Jobs, ObjectMeta.Namespace(cronJob), name, ct);
            return OwnerReferences.ControllerOf(existing)?["uid"].Str() == ObjectMeta.Uid(cronJob) ? existing : null;
        }
        catch (ApiException e)
        {
            _events.Event(target, EventTypes.Warning, "FailedCreate", $"Error creating job: {e.Message}");
            throw;
        }
    }

    /// <summary>The Job for one scheduled time (upstream's getJobFromTemplate2).</summary>
    public static JsonObject NewJob(JsonObject cronJob, string name, DateTimeOffset scheduled, TimeZoneInfo zone)
    {
        var template = cronJob["spec"]?["jobTemplate"] as JsonObject;
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ObjectMeta.Namespace(cronJob) };
        if (template?["metadata"]?["labels"] is JsonObject labels) meta["labels"] = labels.DeepClone();
        var annotations = template?["metadata"]?["annotations"]?.DeepClone() as JsonObject ?? new JsonObject();
        annotations[CronJobKind.ScheduledTimestampAnnotation] = Rfc3339(TimeZoneInfo.ConvertTime(scheduled, zone));
        meta["annotations"] = annotations;
        meta["ownerReferences"] = new JsonArray(OwnerReferences.NewControllerRef(cronJob, CronJobKind.CronJobs));
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = meta,
            ["spec"] = template?["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    private static string Rfc3339(DateTimeOffset t) =>
        t.Offset == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private async Task DeleteJobAsync(JsonObject cronJob, JsonObject target, string name, CancellationToken ct)
    {
        try
        {
            await _client.DeleteAsync(Resource.Jobs, ObjectMeta.Namespace(cronJob), name, DeleteOptions.Background, ct);
            _events.Event(target, EventTypes.Normal, "SuccessfulDelete", $"Deleted job {name}");
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
        catch (ApiException e)
        {
            _events.Event(target, EventTypes.Warning, "FailedDelete", $"Deleted job: {e.Message}");
            throw;
        }
    }

    /// <summary>Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit.</summary>
    private async Task CleanupHistoryAsync(JsonObject cronJob, JsonObject target, JsonObject status, IReadOnlyList<JsonObject> owned, CancellationToken ct)
    {
        if (ObjectMeta.IsBeingDeleted(cronJob)) return;
        var activeUids = (status["active"] as JsonArray ?? []).OfType<JsonObject>().Select(r => r["uid"].Str()).ToHashSet();
        var finished = owned.Where(j => JobConditions.IsFinished(j) && !activeUids.Contains(ObjectMeta.Uid(j))).ToList();
        foreach (var (condition, field) in new[] { (JobConditions.Complete, "successfulJobsHistoryLimit"), (JobConditions.Failed, "failedJobsHistoryLimit") })
        {
            if (cronJob["spec"]?[field] is not JsonValue) continue;
            var limit = Spec.Int(cronJob, field, 0);
            var oldestFirst = finished.Where(j => JobConditions.IsTrue(j["status"], condition))
                .OrderBy(j => JsonHelpers.ParseTime(j["status"]?["startTime"].Str()) ?? JsonHelpers.ParseTime(j["metadata"]?["creationTimestamp"].Str()))
                .ThenBy(j => ObjectMeta.Name(j), StringComparer.Ordinal)
                .ToList();
            foreach (var job in oldestFirst.Take(Math.Max(0, oldestFirst.Count - limit)))
                await DeleteJobAsync(cronJob, target, ObjectMeta.Name(job)!, ct);
        }
    }

    private async Task WriteStatusAsync(JsonObject cronJob, JsonObject status, CancellationToken ct)
    {
        if (JsonNode.DeepEquals(cronJob["status"] ?? new JsonObject(), status)) return;
        var updated = (JsonObject)cronJob.DeepClone();
        updated["status"] = status;
        try
        {
            await _client.UpdateStatusAsync(CronJobKind.CronJobs, updated, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    private void Enqueue(JsonObject cronJob) => _queue.Add(CacheKeys.For(cronJob));

    private void JobChanged(JsonObject job)
    {
        var controllerRef = OwnerReferences.ControllerOf(job);
        if (controllerRef is null || !OwnerReferences.RefersTo(controllerRef, CronJobKind.CronJobs)) return;
        _queue.Add(CacheKeys.For(ObjectMeta.Namespace(job), controllerRef["name"].Str() ?? ""));
    }
}
