using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Admission;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Registry.Validation;
using Wharf.Storage;
using Wharf.Storage.Caching;

namespace Wharf.ApiServer.Rest;

/// <summary>
/// The one generic implementation of every verb for every stored resource (upstream's registry Store):
/// object metadata, strategy hooks, admission, optimistic concurrency, finalizers and graceful deletion.
/// Storage errors become API errors here and nowhere else.
/// </summary>
public sealed class ResourceStore(IStorageBackend storage, TimeProvider time, IEnumerable<IAdmissionPlugin> admission, Patching.ManagedFieldsTracker managedFields,
    AuthoritativeStorage authoritative)
{
    private const int MaxConflictRetries = 16;

    /// <summary>Metadata a create ignores from its body (the server sets or refuses them).</summary>
    private static readonly string[] SystemFieldsOnCreate = ["uid", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"];

    /// <summary>Metadata an update keeps from the stored object when the body leaves it out (or always, for the last three).</summary>
    private static readonly string[] SystemFieldsCarriedOver = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"];
    private readonly IReadOnlyList<IAdmissionPlugin> _admission = admission.ToList();
    private IWriteObserver[]? _observers;

    /// <summary>Admission plugins that remember reads and must hear of committed updates and deletes.</summary>
    private IWriteObserver[] Observers => _observers ??= _admission.OfType<IWriteObserver>().ToArray();

    public IStorageBackend Storage => storage;

    // Reads that precede a write go to the store itself: through the watch cache every writer would wait until the
    // cache has caught up with all writes before it, which serialises concurrent writers behind the cache feed.

    public static string KeyFor(ResourceKind kind, string? ns, string name) =>
        kind.Namespaced ? $"{kind.StoragePrefix}{ns}/{name}" : $"{kind.StoragePrefix}{name}";

    public static string PrefixFor(ResourceKind kind, string? ns) =>
        kind.Namespaced && ns is not null ? $"{kind.StoragePrefix}{ns}/" : kind.StoragePrefix;

    public async Task<JsonObject> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken ct)
    {
        var stored = await storage.GetAsync(KeyFor(kind, ns, name), ct);
        if (stored is null) throw NotFound(kind, name);
        return Output(kind, ObjectCodec.Decode(stored));
    }

    /// <summary>The stored object itself (no decoding), for answers written straight from its bytes.</summary>
    public async Task<StoredObject> GetStoredAsync(ResourceKind kind, string? ns, string name, CancellationToken ct) =>
        await storage.GetAsync(KeyFor(kind, ns, name), ct) ?? throw NotFound(kind, name);

    public async Task<JsonObject?> TryGetAsync(ResourceKind kind, string? ns, string name, CancellationToken ct)
    {
        var stored = await storage.GetAsync(KeyFor(kind, ns, name), ct);
        return stored is null ? null : Output(kind, ObjectCodec.Decode(stored));
    }

    public async Task<ListPage> ListAsync(ResourceKind kind, string? ns, ListOptions options, CancellationToken ct)
    {
        var prefix = PrefixFor(kind, ns);
        var (revision, startAfter) = ListStart(options);
        // A metadata.name field selector addresses at most one key: read just that.
        if (options.FieldSelector.RequiredValue("metadata.name") is { } onlyName && options.Continue is null && revision == 0)
        {
            var single = await storage.GetAsync(KeyFor(kind, ns ?? options.FieldSelector.RequiredValue("metadata.namespace"), onlyName), ct);
            var items = new List<JsonObject>();
            if (single is not null && (ns is not null || !kind.Namespaced || options.FieldSelector.RequiredValue("metadata.namespace") is not null))
            {
                var obj = Output(kind, ObjectCodec.Decode(single));
                if (Matches(obj, options)) items.Add(obj);
                return new ListPage(items, storage.CurrentRevision, null);
            }
            if (single is null && (ns is not null || !kind.Namespaced))
                return new ListPage(items, storage.CurrentRevision, null);
        }
        var (result, listRevision, continueToken) = await ListCoreAsync(prefix, options, revision, startAfter, stored =>
        {
            var obj = Output(kind, ObjectCodec.Decode(stored));
            return Matches(obj, options) ? obj : null;
        }, ct);
        return new ListPage(result, listRevision, continueToken);
    }

    /// <summary>
    /// A list without selectors, as the stored objects themselves (no decoding), for answers that can be written
    /// straight from the stored bytes. Same paging, revisions and errors as <see cref="ListAsync"/>.
    /// </summary>
    public async Task<StoredListPage> ListStoredAsync(ResourceKind kind, string? ns, ListOptions options, CancellationToken ct)
    {
        if (!options.LabelSelector.IsEmpty || !options.FieldSelector.IsEmpty)
            throw new ArgumentException("a stored list cannot filter by selectors", nameof(options));
        var (revision, startAfter) = ListStart(options);
        var (result, listRevision, continueToken) = await ListCoreAsync(PrefixFor(kind, ns), options, revision, startAfter, static stored => stored, ct);
        return new StoredListPage(result, listRevision, continueToken);
    }

    private static (long Revision, string? StartAfter) ListStart(ListOptions options)
    {
        long revision = 0;
        string? startAfter = null;
        if (options.Continue is { Length: > 0 } token)
        {
            if (options.ResourceVersion is { Length: > 0 } rv && rv != "0")
                throw StatusErrors.BadRequest("specifying resource version is not allowed when using continue");
            ContinueToken decoded;
            try
            {
                decoded = ContinueToken.Decode(token);
            }
            catch (StatusException e)
            {
                throw StatusErrors.BadRequest($"invalid continue token: {e.Message}");
            }
            revision = decoded.Revision;
            startAfter = decoded.StartAfterKey;
        }
        else if (options.ResourceVersionMatch == "Exact" && long.TryParse(options.ResourceVersion, out var exact))
        {
            revision = exact;
        }
        else if (options.ResourceVersionMatch is { Length: > 0 } match && match != "NotOlderThan")
        {
            throw StatusErrors.BadRequest($"unsupported resourceVersionMatch \"{match}\"");
        }
        return (revision, startAfter);
    }

    /// <summary>Reads pages until the limit is filled, keeping what <paramref name="select"/> returns (null = filtered out).</summary>
    private async Task<(List<T> Items, long Revision, string? Continue)> ListCoreAsync<T>(string prefix, ListOptions options, long revision,
        string? startAfter, Func<StoredObject, T?> select, CancellationToken ct) where T : class
    {
        var limit = options.Limit > 0 ? options.Limit : 0;
        var result = new List<T>();
        long listRevision;
        string? nextKey = startAfter;
        bool more;
        try
        {
            // Filtering happens after the read, so keep reading pages until the limit is filled (as upstream does).
            while (true)
            {
                var page = await storage.ListAsync(prefix, revision, nextKey, limit == 0 ? 0 : Math.Max(limit - result.Count, 1), ct);
                listRevision = page.Revision;
                revision = page.Revision;
                foreach (var stored in page.Items)
                {
                    nextKey = stored.Key;
                    if (select(stored) is { } item) result.Add(item);
                }
                more = page.HasMore;
                if (!more || limit == 0 || result.Count >= limit) break;
            }
        }
        catch (RevisionCompactedException) when (options.Continue is not null)
        {
            throw new StatusException(410, "Expired",
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
            {
                Continue = new ContinueToken(0, startAfter ?? "").Encode(),
            };
        }
        catch (RevisionCompactedException e)
        {
            throw StatusErrors.Gone($"too old resource version: {e.Requested} ({e.Compacted})");
        }
        catch (FutureRevisionException e)
        {
            throw new StatusException(504, "Timeout", $"Too large resource version: {e.Requested}, current: {e.Current}",
                new StatusDetails(null, null, null, [new StatusCause("ResourceVersionTooLarge", "Too large resource version")]), retryAfterSeconds: 1);
        }
        var continueToken = more && nextKey is not null ? new ContinueToken(listRevision, nextKey).Encode() : null;
        return (result, listRevision, continueToken);
    }

    public async Task<JsonObject> CreateAsync(ResourceKind kind, string? ns, JsonObject obj, WriteOptions options, CancellationToken ct) =>
        (await CreateWrittenAsync(kind, ns, obj, options, ct)).Object;

    /// <summary><see cref="CreateAsync"/>, keeping the stored bytes for an answer written without decoding them.</summary>
    public async Task<WrittenObject> CreateWrittenAsync(ResourceKind kind, string? ns, JsonObject obj, WriteOptions options, CancellationToken ct)
    {
        var meta = obj.Obj("metadata");
        SetTypeMeta(kind, obj);
        if (kind.Namespaced)
        {
            var bodyNs = meta.Str("namespace");
            if (!string.IsNullOrEmpty(bodyNs) && ns is not null && bodyNs != ns)
                throw StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            meta["namespace"] = ns ?? bodyNs;
        }
        else
        {
            meta.Remove("namespace");
        }
        if (string.IsNullOrEmpty(meta.Str("name")) && meta.Str("generateName") is { Length: > 0 } generateName)
            meta["name"] = NameGenerator.Generate(generateName);

        foreach (var systemField in SystemFieldsOnCreate)
            meta.Remove(systemField);
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Timestamp(time.GetUtcNow());
        if (!kind.Strategy.TracksGeneration) meta.Remove("generation");
        kind.Strategy.PrepareForCreate(obj);
        if (!options.ManagedFieldsComputed)
        {
            obj = managedFields.TrackUpdate(kind, null, obj, null, options);
            meta = obj.Obj("metadata");
        }

        var name = meta.Str("name") ?? "";
        await AdmitAsync(new AdmissionRequest(AdmissionOperation.Create, kind, meta.Str("namespace"), name, obj, null, null, options.DryRun), ct);
        Validate(kind, obj, ObjectMetaValidator.Validate(obj, kind.Strategy.NameFormat, kind.Namespaced), kind.Strategy.Validate(obj));

        if (options.DryRun)
        {
            return WrittenObject.FromObject(kind, Output(kind, obj));
        }
        try
        {
            var stored = await storage.CreateAsync(KeyFor(kind, meta.Str("namespace"), name), Encode(kind, obj), ct);
            return WrittenObject.FromStore(kind, stored);
        }
        catch (KeyExistsException)
        {
            throw StatusErrors.AlreadyExists(kind.QualifiedResource, kind.Group, kind.Plural, name);
        }
        finally
        {
            NotifyWritten(kind, meta.Str("namespace"), name);
        }
    }

    /// <summary>
    /// PUT: replace the object (or its status), checking the body's resourceVersion when given.
    /// Returns the stored object and whether it was created (PUT on a missing object for kinds that allow it).
    /// </summary>
    public async Task<(JsonObject Object, bool Created)> UpdateAsync(ResourceKind kind, string? ns, string name, JsonObject obj, string? subresource, WriteOptions options, CancellationToken ct)
    {
        var (written, created) = await UpdateWrittenAsync(kind, ns, name, obj, subresource, options, ct);
        return (written.Object, created);
    }

    /// <summary><see cref="UpdateAsync"/>, keeping the stored bytes for an answer written without decoding them.</summary>
    public async Task<(WrittenObject Object, bool Created)> UpdateWrittenAsync(ResourceKind kind, string? ns, string name, JsonObject obj, string? subresource, WriteOptions options, CancellationToken ct)
    {
        SetTypeMeta(kind, obj);
        var meta = obj.Obj("metadata");
        var bodyName = meta.Str("name");
        if (string.IsNullOrEmpty(bodyName))
            meta["name"] = bodyName = name;
        if (bodyName != name)
            throw StatusErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        if (kind.Namespaced)
        {
            var bodyNs = meta.Str("namespace");
            if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
                throw StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            meta["namespace"] = ns;
        }

        var key = KeyFor(kind, ns, name);
        var requestedRv = meta.Str("resourceVersion");
        var current = CachedAt(kind, key, requestedRv) ?? await authoritative.Backend.GetAsync(key, ct);
        if (current is null)
        {
            if (kind.Strategy.AllowCreateOnUpdate && subresource is null)
                return (await CreateWrittenAsync(kind, ns, obj, options, ct), true);
            throw NotFound(kind, name);
        }
        // A status write copies the stored object and replaces its status: a lazily parsed copy shares what it does not read.
        var old = Output(kind, subresource is null ? ObjectCodec.DecodeToCompare(current) : ObjectCodec.Decode(current));
        if (!string.IsNullOrEmpty(requestedRv) && requestedRv != current.ModRevision.ToString(CultureInfo.InvariantCulture))
            throw StatusErrors.Conflict(kind.QualifiedResource, kind.Group, kind.Plural, name, StatusErrors.ModifiedMessage);
        try
        {
            var updated = await WriteUpdateAsync(kind, old, obj, subresource, current, options, ct);
            return (updated, false);
        }
        catch (RevisionConflictException)
        {
            // Another write landed between our read and our write: the client's view is stale.
            throw StatusErrors.Conflict(kind.QualifiedResource, kind.Group, kind.Plural, name, StatusErrors.ModifiedMessage);
        }
    }

    /// <summary>
    /// The object an update names by its resourceVersion, from the watch cache when the cache holds it at exactly
    /// that revision (no SQLite read, no wait for the cache). Exact, because the store then writes only if the key
    /// is still at that revision: if it moved on, the write is refused and the client gets the same 409 the
    /// authoritative read would have given it. Not for kinds that PUT may create: for those a key deleted since
    /// must be created, which only the authoritative read can tell.
    /// </summary>
    private StoredObject? CachedAt(ResourceKind kind, string key, string? requestedRv) =>
        storage is CachingStorageBackend cache && !kind.Strategy.AllowCreateOnUpdate
        && long.TryParse(requestedRv, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision > 0
            ? cache.GetIfAtRevision(key, revision)
            : null;

    /// <summary>
    /// Read-modify-write with retries on conflict (PATCH and internal updates). <paramref name="mutate"/> gets a
    /// copy of the current object and returns the desired one. A <paramref name="requiredResourceVersion"/> (a
    /// patch or scale body that names one) must match the stored object and is never retried.
    /// </summary>
    public async Task<JsonObject> GuaranteedUpdateAsync(ResourceKind kind, string? ns, string name, string? subresource,
        Func<JsonObject, JsonObject> mutate, WriteOptions options, CancellationToken ct, Func<JsonObject>? createIfMissing = null,
        string? requiredResourceVersion = null) =>
        (await GuaranteedUpdateWrittenAsync(kind, ns, name, subresource, mutate, options, ct, createIfMissing, requiredResourceVersion)).Object;

    /// <summary>
    /// <see cref="GuaranteedUpdateAsync"/>, keeping the stored bytes: an answer is written from them without decoding
    /// them, and a caller that needs no answer (a binding) decodes nothing.
    /// </summary>
    public async Task<WrittenObject> GuaranteedUpdateWrittenAsync(ResourceKind kind, string? ns, string name, string? subresource,
        Func<JsonObject, JsonObject> mutate, WriteOptions options, CancellationToken ct, Func<JsonObject>? createIfMissing = null,
        string? requiredResourceVersion = null)
    {
        var key = KeyFor(kind, ns, name);
        // Upstream's cachedExistingObject: the first attempt starts from the watch cache's copy (no store read), which
        // may lag behind the store. That is safe: the write goes ahead only while the key is still at the copy's
        // revision, and an error the copy led to (a precondition, the change refused) stands only once an
        // authoritative read shows the copy was current; otherwise the change is tried again on that read.
        var known = LatestCached(key);
        var knownIsCurrent = false;
        for (var attempt = 0; ; attempt++)
        {
            var mayBeStale = known is not null && !knownIsCurrent;
            var current = known ?? await authoritative.Backend.GetAsync(key, ct);
            known = null;
            if (current is null)
            {
                if (createIfMissing is not null && subresource is null)
                    return await CreateWrittenAsync(kind, ns, createIfMissing(), options, ct);
                throw NotFound(kind, name);
            }
            var requestedRv = requiredResourceVersion;
            try
            {
                var old = Output(kind, ObjectCodec.Decode(current));
                var currentRv = current.ModRevision.ToString(CultureInfo.InvariantCulture);
                if (!string.IsNullOrEmpty(requestedRv) && requestedRv != currentRv)
                    throw StatusErrors.Conflict(kind.QualifiedResource, kind.Group, kind.Plural, name, StatusErrors.ModifiedMessage);
                var desired = mutate(old.DeepClone().AsObject());
                desired.Obj("metadata")["resourceVersion"] = currentRv;
                return await WriteUpdateAsync(kind, old, desired, subresource, current, options, ct);
            }
            catch (RevisionConflictException)
            {
                // Someone wrote in between: re-read and re-apply the change, unless the caller pinned a version.
                if (attempt >= MaxConflictRetries || !string.IsNullOrEmpty(requestedRv))
                    throw StatusErrors.Conflict(kind.QualifiedResource, kind.Group, kind.Plural, name, StatusErrors.ModifiedMessage);
            }
            catch (StatusException) when (mayBeStale)
            {
                var fresh = await authoritative.Backend.GetAsync(key, ct);
                if (fresh is not null && fresh.ModRevision == current.ModRevision) throw; // the copy was current: its error stands
                (known, knownIsCurrent) = (fresh, fresh is not null);
            }
        }
    }

    /// <summary>The watch cache's copy of <paramref name="key"/> (any revision, possibly behind the store), or null.</summary>
    private StoredObject? LatestCached(string key) => storage is CachingStorageBackend cache ? cache.GetLatestCached(key) : null;

    /// <param name="current">The stored object <paramref name="old"/> was decoded from: the write goes ahead only while the key is still at its revision.</param>
    private async Task<WrittenObject> WriteUpdateAsync(ResourceKind kind, JsonObject old, JsonObject obj, string? subresource, StoredObject current, WriteOptions options, CancellationToken ct)
    {
        SetTypeMeta(kind, obj);
        var name = old["metadata"].Str("name")!;
        var meta = obj.Obj("metadata");
        var oldMeta = old.Obj("metadata");
        if (subresource == "status")
        {
            // A status write changes only status; everything else stays as stored.
            var status = obj["status"]?.DeepClone();
            var annotations = meta["annotations"]?.DeepClone();
            obj = old.DeepClone().AsObject();
            obj.Remove("status");
            if (status is not null) obj["status"] = status;
            meta = obj.Obj("metadata");
            // Status writers (controllers) may also set annotations, as upstream's status strategies allow.
            if (annotations is not null) meta["annotations"] = annotations;
        }
        else if (subresource is null or "scale")
        {
            // System fields a client may omit are carried over (upstream's BeforeUpdate). A scale write is an update
            // of the main resource to upstream (spec.replicas changes, so the generation rises).
            foreach (var field in SystemFieldsCarriedOver)
            {
                if (oldMeta[field] is { } value && (meta[field] is null || field is "deletionTimestamp" or "deletionGracePeriodSeconds" or "generation"))
                    meta[field] = value.DeepClone();
                else if (oldMeta[field] is null && field is "deletionTimestamp" or "deletionGracePeriodSeconds")
                    meta.Remove(field);
            }
            kind.Strategy.PrepareForUpdate(obj, old);
        }
        meta["resourceVersion"] = oldMeta["resourceVersion"]?.DeepClone();
        if (!options.ManagedFieldsComputed)
        {
            obj = managedFields.TrackUpdate(kind, old, obj, subresource is null or "status" or "scale" ? subresource : null, options);
            meta = obj.Obj("metadata");
        }

        await AdmitAsync(new AdmissionRequest(AdmissionOperation.Update, kind, meta.Str("namespace"), name, obj, old, subresource, options.DryRun), ct);
        // Other subresources (binding, finalize, scale, ephemeralcontainers) hand in the whole object they built
        // from the stored one; the main resource's update rules do not apply to them.
        var specificErrors = subresource switch
        {
            null => kind.Strategy.ValidateUpdate(obj, old),
            "status" => kind.Strategy.ValidateStatusUpdate(obj, old),
            _ => ObjectMetaValidator.ValidateUpdate(obj, old),
        };
        Validate(kind, obj, ObjectMetaValidator.Validate(obj, kind.Strategy.NameFormat, kind.Namespaced), specificErrors);

        if (NoOpWriteCheck.Unchanged(obj, old))
            return WrittenObject.FromObject(kind, old); // A no-op write does not bump the revision.
        if (options.DryRun)
            return WrittenObject.FromObject(kind, Output(kind, obj));

        var ns = meta.Str("namespace");
        var key = KeyFor(kind, ns, name);
        try
        {
            // An object marked for deletion is removed once its last finalizer goes.
            if (meta["deletionTimestamp"] is not null && Finalizers(obj).Count == 0 && kind.Strategy.ReadyToDelete(obj))
            {
                var deleted = await storage.DeleteAsync(key, current.ModRevision, ct);
                return WrittenObject.FromObject(kind, Output(kind, ObjectCodec.Decode(deleted with { Value = Encode(kind, obj) })));
            }
            try
            {
                // Handing the store the object read (not just its revision) spares it reading the replaced value again.
                var stored = await storage.UpdateAsync(key, Encode(kind, obj), current, ct);
                return WrittenObject.FromStore(kind, stored);
            }
            catch (KeyNotFoundInStoreException)
            {
                throw NotFound(kind, name);
            }
        }
        finally
        {
            NotifyWritten(kind, ns, name);
        }
    }

    private void NotifyWritten(ResourceKind kind, string? ns, string name)
    {
        foreach (var observer in Observers)
            observer.Written(kind, ns, name);
    }

    public async Task<DeleteResult> DeleteAsync(ResourceKind kind, string? ns, string name, DeleteOptions options, CancellationToken ct)
    {
        var key = KeyFor(kind, ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var current = await authoritative.Backend.GetAsync(key, ct) ?? throw NotFound(kind, name);
            var obj = Output(kind, ObjectCodec.Decode(current));
            var meta = obj.Obj("metadata");
            if (options.PreconditionUid is { Length: > 0 } uid && uid != meta.Str("uid"))
                throw StatusErrors.Conflict(kind.QualifiedResource, kind.Group, kind.Plural, name,
                    $"Precondition failed: UID in precondition: {uid}, UID in object meta: {meta.Str("uid")}");
            if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != meta.Str("resourceVersion"))
                throw StatusErrors.Conflict(kind.QualifiedResource, kind.Group, kind.Plural, name,
                    $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {meta.Str("resourceVersion")}");

            await AdmitAsync(new AdmissionRequest(AdmissionOperation.Delete, kind, ns, name, null, obj, null, options.DryRun), ct);
            var marked = MarkForDeletion(kind, obj, options);
            if (options.DryRun)
                return new DeleteResult(marked ?? obj, marked is null);
            try
            {
                if (marked is not null)
                {
                    if (JsonNode.DeepEquals(marked, obj)) return new DeleteResult(obj, false);
                    var stored = await storage.UpdateAsync(key, Encode(kind, marked), current, ct);
                    return new DeleteResult(Output(kind, ObjectCodec.Decode(stored)), false);
                }
                var deleted = await storage.DeleteAsync(key, current.ModRevision, ct);
                return new DeleteResult(Output(kind, ObjectCodec.Decode(deleted)), true);
            }
            catch (RevisionConflictException)
            {
                if (attempt >= MaxConflictRetries)
                    throw StatusErrors.Conflict(kind.QualifiedResource, kind.Group, kind.Plural, name, StatusErrors.ModifiedMessage);
            }
            catch (KeyNotFoundInStoreException)
            {
                throw NotFound(kind, name);
            }
            finally
            {
                NotifyWritten(kind, ns, name);
            }
        }
    }

    /// <summary>
    /// Decides whether a delete only marks the object: finalizers (including the ones propagation policies add),
    /// graceful pod termination and namespace termination. Returns the marked object, or null to delete now.
    /// </summary>
    private JsonObject? MarkForDeletion(ResourceKind kind, JsonObject obj, DeleteOptions options)
    {
        var marked = obj.DeepClone().AsObject();
        var meta = marked.Obj("metadata");
        var finalizers = Finalizers(marked);
        var policyFinalizer = options.PropagationPolicy switch
        {
            "Foreground" => "foregroundDeletion",
            "Orphan" => "orphan",
            _ => null,
        };
        if (policyFinalizer is not null && meta["deletionTimestamp"] is null && !finalizers.Contains(policyFinalizer))
        {
            finalizers.Add(policyFinalizer);
            meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)f).ToArray());
        }

        var now = time.GetUtcNow();
        long grace = 0;
        if (kind.Group == "" && kind.Plural == "pods")
        {
            grace = PodGracePeriod(marked, options);
        }
        if (kind.Group == "" && kind.Plural == "namespaces")
        {
            marked.Obj("status")["phase"] = "Terminating";
            if (marked["spec"]?["finalizers"] is JsonArray { Count: > 0 } || finalizers.Count > 0)
            {
                meta.Default("deletionTimestamp", Timestamp(now));
                meta.Default("deletionGracePeriodSeconds", 0);
                return marked;
            }
            return null;
        }

        if (finalizers.Count == 0 && grace == 0)
            return null;
        if (meta["deletionTimestamp"] is null)
        {
            meta["deletionTimestamp"] = Timestamp(now.AddSeconds(grace));
            meta["deletionGracePeriodSeconds"] = grace;
        }
        else if (grace < (meta["deletionGracePeriodSeconds"].Long() ?? long.MaxValue))
        {
            // A later delete may shorten, never lengthen, the grace period.
            meta["deletionTimestamp"] = Timestamp(now.AddSeconds(grace));
            meta["deletionGracePeriodSeconds"] = grace;
            if (grace == 0 && finalizers.Count == 0) return null;
        }
        return marked;
    }

    /// <summary>
    /// Pods bound to a node terminate gracefully (the node agent deletes them with grace 0 when their
    /// containers have stopped); unbound or finished pods go at once.
    /// </summary>
    private static long PodGracePeriod(JsonObject pod, DeleteOptions options)
    {
        var phase = pod["status"].Str("phase");
        if (string.IsNullOrEmpty(pod["spec"].Str("nodeName")) || phase is "Succeeded" or "Failed")
            return 0;
        var grace = options.GracePeriodSeconds ?? pod["spec"]?["terminationGracePeriodSeconds"].Long() ?? 30;
        return Math.Max(grace, 0);
    }

    public async IAsyncEnumerable<(WatchEventType Type, StoredObject Object, StoredObject? Previous)> WatchRawAsync(
        ResourceKind kind, string? ns, long afterRevision, [EnumeratorCancellation] CancellationToken ct)
    {
        IAsyncEnumerator<WatchEvent> events;
        try
        {
            events = storage.WatchAsync(PrefixFor(kind, ns), afterRevision, ct).GetAsyncEnumerator(ct);
        }
        catch (RevisionCompactedException e)
        {
            throw StatusErrors.Gone($"too old resource version: {e.Requested} ({e.Compacted})");
        }
        await using (events)
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await events.MoveNextAsync();
                }
                catch (RevisionCompactedException e)
                {
                    throw StatusErrors.Gone($"too old resource version: {e.Requested} ({e.Compacted})");
                }
                if (!moved) yield break;
                var ev = events.Current;
                yield return (ev.Type, ev.Object, ev.Previous);
            }
        }
    }

    public static bool Matches(JsonObject obj, ListOptions options) =>
        options.LabelSelector.Matches(obj["metadata"]?["labels"] as JsonObject) && options.FieldSelector.Matches(obj);

    /// <summary>An object read from the store, in the served version of <paramref name="kind"/>.</summary>
    public static JsonObject Output(ResourceKind kind, JsonObject obj)
    {
        if (kind.Converter is { } converter && obj.Str("apiVersion") != kind.GroupVersion)
        {
            var rv = obj["metadata"]?["resourceVersion"]?.DeepClone();
            obj = converter.FromStorage(obj);
            if (rv is not null) obj.Obj("metadata")["resourceVersion"] = rv;
        }
        SetTypeMeta(kind, obj);
        return obj;
    }

    private static byte[] Encode(ResourceKind kind, JsonObject obj) =>
        ObjectCodec.Encode(kind.Converter is { } converter ? converter.ToStorage(obj) : obj);

    private static void SetTypeMeta(ResourceKind kind, JsonObject obj)
    {
        // apiVersion and kind lead the document, as upstream serializes them. Stored objects already have this shape,
        // so every read would otherwise rebuild the object only to arrive where it started.
        if (obj.Count >= 2 && obj.GetAt(0) is { Key: "apiVersion", Value: JsonValue v } && v.TryGetValue<string>(out var apiVersion)
            && apiVersion == kind.GroupVersion && obj.GetAt(1) is { Key: "kind", Value: JsonValue k } && k.TryGetValue<string>(out var kindName)
            && kindName == kind.Kind)
            return;
        var rest = obj.Where(p => p.Key is not ("apiVersion" or "kind")).Select(p => (p.Key, p.Value)).ToList();
        obj.Clear();
        obj["apiVersion"] = kind.GroupVersion;
        obj["kind"] = kind.Kind;
        foreach (var (key, value) in rest) obj[key] = value;
    }

    private static List<string> Finalizers(JsonObject obj) =>
        (obj["metadata"]?["finalizers"] as JsonArray)?.Select(f => f?.ToString() ?? "").Where(f => f.Length > 0).ToList() ?? [];

    private async Task AdmitAsync(AdmissionRequest request, CancellationToken ct)
    {
        foreach (var plugin in _admission)
            await plugin.AdmitAsync(request, ct);
    }

    private static void Validate(ResourceKind kind, JsonObject obj, IEnumerable<FieldError> metadataErrors, IEnumerable<FieldError> kindErrors)
    {
        // A list only once there is an error: a valid write (nearly all of them) allocates nothing here.
        List<FieldError>? list = null;
        foreach (var error in metadataErrors) (list ??= []).Add(error);
        foreach (var error in kindErrors) (list ??= []).Add(error);
        if (list is not null)
            throw StatusErrors.Invalid(kind.Kind, kind.Group, obj["metadata"].Str("name") ?? "", list);
    }

    private static StatusException NotFound(ResourceKind kind, string name) =>
        StatusErrors.NotFound(kind.QualifiedResource, kind.Group, kind.Plural, name);

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

public sealed record ListPage(IReadOnlyList<JsonObject> Items, long Revision, string? Continue);

public sealed record StoredListPage(IReadOnlyList<StoredObject> Items, long Revision, string? Continue);

public sealed record DeleteResult(JsonObject Object, bool Deleted);

/// <summary>The store behind the watch cache, for reads whose answer a write depends on.</summary>
public sealed record AuthoritativeStorage(IStorageBackend Backend);
