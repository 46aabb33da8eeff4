using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;
using Wharf.Controllers.Expectations;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Job;

/// <summary>
/// Runs each Job's pods to completion (upstream's job controller, NonIndexed mode): keeps
/// min(parallelism, remaining completions) pods active, replaces failures after an exponential backoff until
/// backoffLimit, honours activeDeadlineSeconds and suspend, counts finished pods exactly once through the
/// job-tracking finalizer and status.uncountedTerminatedPods, and finishes with FailureTarget/SuccessCriteriaMet
/// followed by Failed/Complete once no pod is left running, as 1.32 does.
/// </summary>
public sealed class JobController : IController
{
    /// <summary>Queue keys of this form name a pod whose Job is gone and whose finalizer must go too.</summary>
    private const string OrphanPodPrefix = "pod:";

    private readonly IApiClient _client;
    private readonly IEventRecorder _events;
    private readonly ISharedIndexInformer _jobs;
    private readonly ISharedIndexInformer _pods;
    private readonly WorkQueue<string> _queue;
    private readonly IPodControl _podControl;
    private readonly PodFailureBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Pods whose finalizer this controller removed and counted, until the cache shows it gone.</summary>
    private readonly ConcurrentDictionary<string, byte> _released = new(StringComparer.Ordinal);

    public JobController(ControllerContext context, IPodControl? podControl = null, PodFailureBackoff? backoff = null)
    {
        _client = context.Client;
        _events = context.Events;
        _time = context.Time;
        _podControl = podControl ?? new RealPodControl(context.Client, context.Events);
        _backoff = backoff ?? new PodFailureBackoff(PodFailureBackoff.DefaultBase, PodFailureBackoff.DefaultMax);
        _logger = context.LoggerFactory.CreateLogger<JobController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        Expectations = new ControllerExpectations(context.Time);

        _jobs = context.Informers.ForResource(Resource.Jobs);
        _jobs.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = Enqueue,
            OnUpdate = (_, cur) => Enqueue(cur),
            OnDelete = job =>
            {
                var key = CacheKeys.For(job);
                Expectations.Delete(key);
                _backoff.Forget(key);
                foreach (var pod in _pods!.Store.ByIndex(ControllerIndex.Name, ObjectMeta.Uid(job) ?? ""))
                    if (JobPods.HasTrackingFinalizer(pod)) _queue.Add(OrphanPodPrefix + CacheKeys.For(pod));
            },
        });
        _pods = context.Informers.ForResource(Resource.Pods);
        ControllerIndex.EnsureOn(_pods);
        _pods.AddEventHandler(new ResourceEventHandler { OnAdd = AddPod, OnUpdate = UpdatePod, OnDelete = DeletePod });
    }

    public string Name => ControllerNames.Job;

    internal ControllerExpectations Expectations { get; }

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_jobs, _pods], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith(OrphanPodPrefix, StringComparison.Ordinal))
        {
            await ReleaseOrphanAsync(key[OrphanPodPrefix.Length..], ct);
            return;
        }
        var job = _jobs.Store.Get(key);
        if (job is null)
        {
            Expectations.Delete(key);
            _backoff.Forget(key);
            return;
        }
        var needsSync = Expectations.Satisfied(key);
        var now = _time.GetUtcNow();
        var pods = _pods.Store.ByIndex(ControllerIndex.Name, ObjectMeta.Uid(job)!);
        var done = JobConditions.IsFinished(job) || ObjectMeta.IsBeingDeleted(job);

        job = await TrackTerminatedPodsAsync(key, job, pods, done, now, ct);
        if (done) return;

        var status = job["status"]?.DeepClone() as JsonObject ?? new JsonObject();
        var uncounted = UncountedTerminatedPods.From(status);
        var indexed = CompletionIndex.IsIndexed(job);
        var completedIndexes = indexed ? CompletedIndexes(job, status, pods, uncounted) : [];
        var perIndexLimit = indexed ? IndexFailures.PerIndexLimit(job) : null;
        var failedIndexes = indexed ? CompletionIndex.Parse(status["failedIndexes"].Str(), Spec.Int(job, "completions", 1)) : [];
        if (perIndexLimit is { } indexLimit) failedIndexes.UnionWith(IndexFailures.Exhausted(job, pods, Spec.Int(job, "completions", 1), indexLimit));
        var succeeded = indexed ? completedIndexes.Count : Int(status["succeeded"]) + uncounted.Succeeded.Count;
        var failed = Int(status["failed"]) + uncounted.Failed.Count;
        var active = pods.Where(JobPods.IsActive).ToList();
        var terminating = pods.Count(JobPods.IsTerminating);
        var suspended = job["spec"]?["suspend"]?.GetValue<bool>() == true;
        int? completions = job["spec"]?["completions"] is JsonValue c ? c.GetValue<int>() : null;
        var parallelism = Spec.Int(job, "parallelism", 1);
        var deadline = job["spec"]?["activeDeadlineSeconds"] is JsonValue d && d.TryGetValue<double>(out var ads) ? TimeSpan.FromSeconds(ads) : (TimeSpan?)null;
        var target = OwnerReferences.EventTarget(job, Resource.Jobs);

        if (!suspended && status["startTime"] is null) status["startTime"] = JsonHelpers.Timestamp(now);
        var startTime = JsonHelpers.ParseTime(status["startTime"].Str());

        if (!JobConditions.IsTrue(status, JobConditions.FailureTarget) && !JobConditions.IsTrue(status, JobConditions.SuccessCriteriaMet))
        {
            // With backoffLimitPerIndex the per-index limit replaces the Job-wide one (upstream defaults it to MaxInt32).
            if (perIndexLimit is null && failed > Spec.Int(job, "backoffLimit", 6))
                JobConditions.Set(status, JobConditions.FailureTarget, "True", JobConditions.BackoffLimitExceeded, JobConditions.BackoffLimitExceededMessage, now);
            else if (perIndexLimit is not null && IndexFailures.MaxFailedIndexes(job) is { } maxFailed && failedIndexes.Count > maxFailed)
                JobConditions.Set(status, JobConditions.FailureTarget, "True", JobConditions.MaxFailedIndexesExceeded, JobConditions.MaxFailedIndexesExceededMessage, now);
            else if (failedIndexes.Count > 0 && failedIndexes.Count + completedIndexes.Count(i => !failedIndexes.Contains(i)) >= (completions ?? 1))
                JobConditions.Set(status, JobConditions.FailureTarget, "True", JobConditions.FailedIndexes, JobConditions.FailedIndexesMessage, now);
            else if (!suspended && deadline is { } limit && startTime is { } start && now >= start + limit)
                JobConditions.Set(status, JobConditions.FailureTarget, "True", JobConditions.DeadlineExceeded, JobConditions.DeadlineExceededMessage, now);
            else if (indexed && SuccessPolicy.MatchedRule(job, completedIndexes, completions ?? 1) is { } rule)
                JobConditions.Set(status, JobConditions.SuccessCriteriaMet, "True", JobConditions.SuccessPolicy, JobConditions.SuccessPolicyMessage(rule), now);
            else if (completions is { } n ? succeeded >= n : succeeded > 0 && active.Count == 0)
                JobConditions.Set(status, JobConditions.SuccessCriteriaMet, "True", JobConditions.CompletionsReached, JobConditions.CompletionsReachedMessage, now);
        }

        var activeCount = active.Count;
        Exception? manageError = null;
        var finishing = JobConditions.Find(status, JobConditions.FailureTarget) is { } ft && ft["status"].Str() == "True" ? ft
            : JobConditions.Find(status, JobConditions.SuccessCriteriaMet) is { } sc && sc["status"].Str() == "True" ? sc : null;
        if (finishing is not null)
        {
            // The outcome is decided: stop what still runs, and declare it once nothing does.
            if (active.Count > 0 && needsSync) (activeCount, manageError) = await DeletePodsAsync(key, job, target, active, active, ct);
            if (active.Count == 0 && terminating == 0 && uncounted.IsEmpty)
                Finish(status, finishing, target, now);
        }
        else if (suspended)
        {
            if (active.Count > 0 && needsSync) (activeCount, manageError) = await DeletePodsAsync(key, job, target, active, active, ct);
            if (JobConditions.Set(status, JobConditions.Suspended, "True", "JobSuspended", "Job suspended", now))
                _events.Event(target, EventTypes.Normal, "Suspended", "Job suspended");
        }
        else
        {
            if (JobConditions.IsTrue(status, JobConditions.Suspended))
            {
                JobConditions.Set(status, JobConditions.Suspended, "False", "JobResumed", "Job resumed", now);
                // A resumed Job's activeDeadlineSeconds counts from the resumption.
                status["startTime"] = JsonHelpers.Timestamp(now);
                _events.Event(target, EventTypes.Normal, "Resumed", "Job resumed");
            }
            if (needsSync)
                (activeCount, manageError) = indexed
                    ? await ManageIndexedAsync(key, job, target, pods, active, completedIndexes, failedIndexes, completions ?? 1, parallelism, now, ct)
                    : await ManageAsync(key, job, target, active, JobPods.OnlyReplacesFailed(job) ? terminating : 0, succeeded, completions, parallelism, now, ct);
        }

        status["active"] = activeCount;
        status["ready"] = active.Count(JobPods.IsReady);
        status["terminating"] = terminating;
        if (!JobConditions.IsFinished(new JsonObject { ["status"] = status.DeepClone() }) && deadline is { } left && startTime is { } began && !suspended)
            _queue.AddAfter(key, began + left - now + TimeSpan.FromMilliseconds(100));
        await WriteStatusAsync(job, status, ct);
        if (manageError is not null) throw manageError;
    }

    /// <summary>Adds Complete or Failed with the reason of the condition that decided it, and its event.</summary>
    private void Finish(JsonObject status, JsonObject decided, JsonObject target, DateTimeOffset now)
    {
        var success = decided["type"].Str() == JobConditions.SuccessCriteriaMet;
        var reason = decided["reason"].Str() ?? "";
        var message = decided["message"].Str() ?? "";
        JobConditions.Set(status, success ? JobConditions.Complete : JobConditions.Failed, "True", reason, message, now);
        if (success)
        {
            status["completionTime"] = JsonHelpers.Timestamp(now);
            _events.Event(target, EventTypes.Normal, "Completed", "Job completed");
        }
        else
        {
            _events.Event(target, EventTypes.Warning, reason, message);
        }
    }

    /// <summary>
    /// Records newly finished pods in uncountedTerminatedPods, removes their finalizers, then moves them into the
    /// succeeded/failed counters; returns the Job as last written.
    /// </summary>
    private async Task<JsonObject> TrackTerminatedPodsAsync(string key, JsonObject job, IReadOnlyList<JsonObject> pods, bool done, DateTimeOffset now, CancellationToken ct)
    {
        var status = job["status"]?.DeepClone() as JsonObject ?? new JsonObject();
        var uncounted = UncountedTerminatedPods.From(status);
        var release = new List<JsonObject>();
        int newSucceeded = 0, newFailed = 0;
        var indexedJob = CompletionIndex.IsIndexed(job);
        var perIndexLimit = indexedJob ? IndexFailures.PerIndexLimit(job) : null;
        var failedIndexes = indexedJob ? CompletionIndex.Parse(status["failedIndexes"].Str(), Spec.Int(job, "completions", 1)) : [];
        var failedIndexesBefore = failedIndexes.Count;
        var conditionsChanged = false;
        foreach (var pod in pods.Where(JobPods.HasTrackingFinalizer))
        {
            var uid = ObjectMeta.Uid(pod)!;
            var terminal = JobPods.IsSucceeded(pod) || JobPods.IsFailed(pod, job);
            if (!terminal || _released.ContainsKey(uid))
            {
                if (done) release.Add(pod);
                continue;
            }
            if (!done && !uncounted.Contains(uid))
            {
                if (JobPods.IsSucceeded(pod))
                {
                    uncounted.Succeeded.Add(uid);
                    newSucceeded++;
                }
                else
                {
                    var match = PodFailurePolicy.Match(job, pod);
                    var action = match?.Action ?? PodFailurePolicy.Count;
                    if (action == PodFailurePolicy.Ignore)
                    {
                        // Not counted against any limit: only the finalizer goes.
                        release.Add(pod);
                        continue;
                    }
                    uncounted.Failed.Add(uid);
                    newFailed++;
                    if (action == PodFailurePolicy.FailJob && !JobConditions.IsTrue(status, JobConditions.FailureTarget) && !JobConditions.IsTrue(status, JobConditions.SuccessCriteriaMet))
                        conditionsChanged |= JobConditions.Set(status, JobConditions.FailureTarget, "True", JobConditions.PodFailurePolicy, match!.Message, now);
                    if (indexedJob && CompletionIndex.Of(pod) is { } index && index < Spec.Int(job, "completions", 1)
                        && (action == PodFailurePolicy.FailIndex || perIndexLimit is { } limit && IndexFailures.ExhaustsIndex(pod, action, limit)))
                        failedIndexes.Add(index);
                }
            }
            release.Add(pod);
        }
        _backoff.Record(key, newFailed, newSucceeded, now);
        if (failedIndexes.Count != failedIndexesBefore) status["failedIndexes"] = CompletionIndex.Format(failedIndexes);
        else if (perIndexLimit is not null && status["failedIndexes"] is null) status["failedIndexes"] = "";
        if (newSucceeded + newFailed > 0 || conditionsChanged || failedIndexes.Count != failedIndexesBefore)
        {
            uncounted.WriteTo(status);
            job = await WriteStatusAsync(job, status, ct);
            status = (JsonObject)job["status"]!.DeepClone();
        }

        var errors = new List<Exception>();
        foreach (var pod in release)
        {
            try
            {
                await RemoveFinalizerAsync(pod, ct);
                _released[ObjectMeta.Uid(pod)!] = 0;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                _released[ObjectMeta.Uid(pod)!] = 0;
            }
            catch (ApiException e)
            {
                errors.Add(e);
            }
        }

        var byUid = pods.ToDictionary(p => ObjectMeta.Uid(p)!);
        bool Released(string uid) => _released.ContainsKey(uid) || !byUid.TryGetValue(uid, out var p) || !JobPods.HasTrackingFinalizer(p);
        var nowSucceeded = uncounted.Succeeded.Where(Released).ToList();
        uncounted.Succeeded.RemoveAll(Released);
        var failed = uncounted.Failed.RemoveAll(Released);
        if (CompletionIndex.IsIndexed(job))
        {
            // Indexed Jobs count distinct completed indexes, not successful pods.
            var completions = Spec.Int(job, "completions", 1);
            var completed = CompletionIndex.Parse(status["completedIndexes"].Str(), completions);
            foreach (var uid in nowSucceeded)
                if (byUid.TryGetValue(uid, out var pod) && CompletionIndex.Of(pod) is { } index && index < completions) completed.Add(index);
            if (completed.Count > 0) status["completedIndexes"] = CompletionIndex.Format(completed);
            status["succeeded"] = completed.Count;
        }
        else
        {
            status["succeeded"] = Int(status["succeeded"]) + nowSucceeded.Count;
        }
        status["failed"] = Int(status["failed"]) + failed;
        uncounted.WriteTo(status);
        if (done) status.Remove("active");
        job = await WriteStatusAsync(job, status, ct);
        if (errors.Count > 0) throw new AggregateException(errors);
        return job;
    }

    /// <summary>
    /// NonIndexed: min(parallelism, remaining completions) pods, or parallelism until the first success without
    /// completions. <paramref name="terminating"/> pods still hold their slot when the Job only replaces failed pods.
    /// </summary>
    private async Task<(int Active, Exception? Error)> ManageAsync(string key, JsonObject job, JsonObject target, List<JsonObject> active,
        int terminating, int succeeded, int? completions, int parallelism, DateTimeOffset now, CancellationToken ct)
    {
        var want = completions is { } n
            ? Math.Clamp(n - succeeded, 0, parallelism)
            : succeeded > 0 ? active.Count : parallelism;
        if (active.Count > want)
        {
            // Not yet running first, then the newest: the least work is lost.
            var victims = active
                .OrderBy(p => JobPods.Phase(p) == "Running")
                .ThenByDescending(p => p["metadata"]?["creationTimestamp"].Str(), StringComparer.Ordinal)
                .Take(active.Count - want).ToList();
            return await DeletePodsAsync(key, job, target, active, victims, ct);
        }
        var toCreate = want - active.Count - terminating;
        if (toCreate <= 0) return (active.Count, null);
        var wait = _backoff.Remaining(key, now);
        if (wait > TimeSpan.Zero)
        {
            _queue.AddAfter(key, wait);
            return (active.Count, null);
        }
        return await CreatePodsAsync(key, job, target, active.Count, Enumerable.Repeat<int?>(null, toCreate).ToList(), ct);
    }

    /// <summary>
    /// Indexed: one active pod for each index not completed yet, lowest indexes first, at most parallelism; pods
    /// with a bad, completed or duplicated index are deleted first.
    /// </summary>
    private async Task<(int Active, Exception? Error)> ManageIndexedAsync(string key, JsonObject job, JsonObject target, IReadOnlyList<JsonObject> pods,
        List<JsonObject> active, SortedSet<int> completed, SortedSet<int> failedIndexes, int completions, int parallelism, DateTimeOffset now, CancellationToken ct)
    {
        var extras = new List<JsonObject>();
        var running = new HashSet<int>();
        foreach (var pod in active.OrderByDescending(p => JobPods.Phase(p) == "Running").ThenBy(p => p["metadata"]?["creationTimestamp"].Str(), StringComparer.Ordinal))
        {
            if (CompletionIndex.Of(pod) is { } i && i < completions && !completed.Contains(i) && !failedIndexes.Contains(i) && running.Add(i)) continue;
            extras.Add(pod);
        }
        if (extras.Count > 0) return await DeletePodsAsync(key, job, target, active, extras, ct);
        if (JobPods.OnlyReplacesFailed(job))
        {
            // A terminating pod keeps its index until it has failed; only then may the index get a new pod.
            foreach (var pod in pods.Where(JobPods.IsTerminating))
                if (CompletionIndex.Of(pod) is { } i && i < completions) running.Add(i);
        }
        var pending = Enumerable.Range(0, completions).Where(i => !completed.Contains(i) && !failedIndexes.Contains(i) && !running.Contains(i));
        var slots = Math.Max(0, parallelism - running.Count);
        if (slots == 0 || !pending.Any()) return (active.Count, null);
        List<int?> missing;
        if (IndexFailures.PerIndexLimit(job) is null)
        {
            var wait = _backoff.Remaining(key, now);
            if (wait > TimeSpan.Zero)
            {
                _queue.AddAfter(key, wait);
                return (active.Count, null);
            }
            missing = pending.Take(slots).Select(i => (int?)i).ToList();
        }
        else
        {
            // With backoffLimitPerIndex each index backs off after its own failures, not the Job's.
            var lastFailed = IndexFailures.LastFailedPods(job, pods);
            var waits = pending.ToDictionary(i => i, i => lastFailed.TryGetValue(i, out var pod) ? IndexFailures.RemainingBackoff(pod, _backoff, now) : TimeSpan.Zero);
            if (waits.Values.Where(w => w > TimeSpan.Zero).DefaultIfEmpty().Min() is var soonest && soonest > TimeSpan.Zero)
                _queue.AddAfter(key, soonest);
            missing = waits.Where(w => w.Value <= TimeSpan.Zero).Select(w => (int?)w.Key).Take(slots).ToList();
            if (missing.Count == 0) return (active.Count, null);
        }
        var failureCounts = IndexFailures.PerIndexLimit(job) is null ? null : IndexFailures.NextCounts(job, pods);
        return await CreatePodsAsync(key, job, target, active.Count, missing, ct, failureCounts);
    }

    /// <summary>Completed indexes from the status plus those of succeeded pods not yet moved out of uncountedTerminatedPods.</summary>
    private static SortedSet<int> CompletedIndexes(JsonObject job, JsonObject status, IReadOnlyList<JsonObject> pods, UncountedTerminatedPods uncounted)
    {
        var completions = Spec.Int(job, "completions", 1);
        var completed = CompletionIndex.Parse(status["completedIndexes"].Str(), completions);
        foreach (var pod in pods)
        {
            if (uncounted.Succeeded.Contains(ObjectMeta.Uid(pod)!) && CompletionIndex.Of(pod) is { } i && i < completions) completed.Add(i);
        }
        return completed;
    }

    /// <summary>Creates one pod per entry: NonIndexed for null, else for that completion index.</summary>
    private async Task<(int Active, Exception? Error)> CreatePodsAsync(string key, JsonObject job, JsonObject target, int active, List<int?> indexes,
        CancellationToken ct, IReadOnlyDictionary<int, int>? failureCounts = null)
    {
        var count = Math.Min(indexes.Count, SlowStart.BurstReplicas);
        Expectations.ExpectCreations(key, count);
        var template = JobPods.Template(job);
        var controllerRef = OwnerReferences.NewControllerRef(job, Resource.Jobs);
        var ns = ObjectMeta.Namespace(job)!;
        var (successes, error) = await SlowStart.RunAsync(count, SlowStart.InitialBatchSize, i => indexes[i] is { } index
            ? CreateIndexedPodAsync(ns, WithFailureCount(CompletionIndex.Template(template, ObjectMeta.Name(job)!, index), failureCounts, index), ObjectMeta.Name(job)!, index, target, controllerRef, ct)
            : _podControl.CreatePodAsync(ns, template, target, controllerRef, ct));
        for (var i = successes; i < count; i++) Expectations.CreationObserved(key);
        return (active + successes, error);
    }

    /// <summary>With backoffLimitPerIndex each pod records its index's failures so far, so its own failure can be judged.</summary>
    private static JsonObject WithFailureCount(JsonObject template, IReadOnlyDictionary<int, int>? failureCounts, int index)
    {
        if (failureCounts is null) return template;
        template.Obj("metadata").Obj("annotations")[IndexFailures.FailureCountAnnotation] =
            failureCounts.GetValueOrDefault(index).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return template;
    }

    /// <summary>
    /// An indexed pod is named <c>&lt;job&gt;-&lt;index&gt;-&lt;random&gt;</c>, which the pod control's
    /// owner-named prefix cannot express; the events are the same.
    /// </summary>
    private async Task CreateIndexedPodAsync(string ns, JsonObject template, string jobName, int index, JsonObject target, JsonObject controllerRef, CancellationToken ct)
    {
        var pod = PodTemplates.NewPodUtf8($"{jobName}-{index}", template, controllerRef);
        try
        {
            var created = await _client.CreateReadingMetadataAsync(Resource.Pods, ns, pod, ct);
            _events.Event(target, EventTypes.Normal, RealPodControl.SuccessfulCreateReason, $"Created pod: {created.Name}");
        }
        catch (ApiException e)
        {
            _events.Event(target, EventTypes.Warning, RealPodControl.FailedCreateReason, $"Error creating: {e.Message}");
            throw;
        }
    }

    private async Task<(int Active, Exception? Error)> DeletePodsAsync(string key, JsonObject job, JsonObject target, List<JsonObject> active, List<JsonObject> victims, CancellationToken ct)
    {
        var keys = victims.Select(CacheKeys.For).ToList();
        Expectations.ExpectDeletions(key, keys);
        var ns = ObjectMeta.Namespace(job)!;
        var deleted = 0;
        Exception? error = null;
        for (var i = 0; i < victims.Count; i++)
        {
            try
            {
                await _podControl.DeletePodAsync(ns, ObjectMeta.Name(victims[i])!, target, ct);
                deleted++;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
            {
                Expectations.DeletionObserved(key, keys[i]);
                if (e is ApiException { IsNotFound: true }) deleted++;
                else error ??= e;
            }
        }
        return (active.Count - deleted, error);
    }

    private Task RemoveFinalizerAsync(JsonObject pod, CancellationToken ct)
    {
        var rest = ObjectMeta.Finalizers(pod).Where(f => f != JobLabels.TrackingFinalizer).Select(f => (JsonNode)JsonValue.Create(f));
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray([.. rest]) } };
        return _podControl.PatchPodAsync(ObjectMeta.Namespace(pod)!, ObjectMeta.Name(pod)!, patch, ct);
    }

    /// <summary>A pod with our finalizer whose Job is gone (or was replaced): nobody will count it, so let it go.</summary>
    private async Task ReleaseOrphanAsync(string podKey, CancellationToken ct)
    {
        var pod = _pods.Store.Get(podKey);
        if (pod is null || !JobPods.HasTrackingFinalizer(pod)) return;
        var controllerRef = OwnerReferences.ControllerOf(pod);
        if (controllerRef is not null && OwnerReferences.RefersTo(controllerRef, Resource.Jobs))
        {
            try
            {
                var job = await _client.GetAsync(Resource.Jobs, ObjectMeta.Namespace(pod), controllerRef["name"].Str() ?? "", ct);
                if (ObjectMeta.Uid(job) == controllerRef["uid"].Str()) return;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
            }
        }
        try
        {
            await RemoveFinalizerAsync(pod, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    private async Task<JsonObject> WriteStatusAsync(JsonObject job, JsonObject status, CancellationToken ct)
    {
        // These counters are omitted when zero on the wire (omitempty upstream); ready and terminating are not.
        foreach (var field in new[] { "active", "succeeded", "failed" })
            if (status[field] is JsonValue v && v.TryGetValue<int>(out var n) && n == 0) status.Remove(field);
        if (JsonNode.DeepEquals(job["status"], status)) return job;
        var updated = (JsonObject)job.DeepClone();
        updated["status"] = status.DeepClone();
        return await _client.UpdateStatusAsync(Resource.Jobs, updated, ct);
    }

    private static int Int(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;

    private void Enqueue(JsonObject job) => _queue.Add(CacheKeys.For(job));

    private JsonObject? OwningJob(JsonObject pod) =>
        OwnerLookup.Resolve(_jobs, Resource.Jobs, ObjectMeta.Namespace(pod), OwnerReferences.ControllerOf(pod));

    private void AddPod(JsonObject pod)
    {
        if (OwningJob(pod) is not { } job)
        {
            if (JobPods.HasTrackingFinalizer(pod)) _queue.Add(OrphanPodPrefix + CacheKeys.For(pod));
            return;
        }
        var key = CacheKeys.For(job);
        if (ObjectMeta.IsBeingDeleted(pod)) Expectations.DeletionObserved(key, CacheKeys.For(pod));
        else Expectations.CreationObserved(key);
        _queue.Add(key);
    }

    private void UpdatePod(JsonObject old, JsonObject cur)
    {
        if (ObjectMeta.ResourceVersion(old) == ObjectMeta.ResourceVersion(cur)) return;
        if (!JobPods.HasTrackingFinalizer(cur)) _released.TryRemove(ObjectMeta.Uid(cur) ?? "", out _);
        if (OwningJob(cur) is not { } job)
        {
            if (JobPods.HasTrackingFinalizer(cur)) _queue.Add(OrphanPodPrefix + CacheKeys.For(cur));
            return;
        }
        var key = CacheKeys.For(job);
        if (ObjectMeta.IsBeingDeleted(cur)) Expectations.DeletionObserved(key, CacheKeys.For(cur));
        _queue.Add(key);
    }

    private void DeletePod(JsonObject pod)
    {
        _released.TryRemove(ObjectMeta.Uid(pod) ?? "", out _);
        if (OwningJob(pod) is not { } job) return;
        var key = CacheKeys.For(job);
        Expectations.DeletionObserved(key, CacheKeys.For(pod));
        _queue.Add(key);
    }
}
