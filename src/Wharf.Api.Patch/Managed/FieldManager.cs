using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Managed.Typed;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Maintains <c>metadata.managedFields</c> for one kind, as the API server's field manager does: tracks who
/// changed what on create/update/patch, and implements server-side apply with conflicts, forced ownership and
/// removal of fields an applier stopped sending. Inputs are never mutated.
/// </summary>
public sealed class FieldManager
{
    /// <summary>Owner of fields that existed before the first apply on an untracked object.</summary>
    public const string BeforeFirstApplyManager = "before-first-apply";

    /// <summary>Bucket the oldest update managers are folded into beyond <see cref="FieldManagerOptions.MaxUpdateManagers"/>.</summary>
    public const string AncientChangesManager = "ancient-changes";

    /// <summary>The annotation client-side apply keeps; kubectl's SSA migration relies on it.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private const string KubectlManager = "kubectl";

    /// <summary>Fields nobody owns because the server sets them (upstream's stripMeta set).</summary>
    internal static readonly FieldSet ServerOwnedFields = FieldSet.Of(
        FieldPath.Of("apiVersion"),
        FieldPath.Of("kind"),
        FieldPath.Of("metadata"),
        FieldPath.Of("metadata", "name"),
        FieldPath.Of("metadata", "namespace"),
        FieldPath.Of("metadata", "creationTimestamp"),
        FieldPath.Of("metadata", "selfLink"),
        FieldPath.Of("metadata", "uid"),
        FieldPath.Of("metadata", "clusterName"),
        FieldPath.Of("metadata", "generation"),
        FieldPath.Of("metadata", "managedFields"),
        FieldPath.Of("metadata", "resourceVersion"));

    /// <summary><c>metadata.managedFields</c>, which a comparison of a live object with its update skips.</summary>
    private static readonly FieldSet ManagedFieldsPath = FieldSet.Of(FieldPath.Of("metadata", "managedFields"));

    private readonly SchemaNode? _schema;
    private readonly FieldManagerOptions _options;
    private readonly Updater _updater;
    private readonly CreatedEntryWriter _createdEntry;

    /// <summary>Creates in a row the written shortcut refused (see <see cref="CreatedManagedFields"/>).</summary>
    private int _shortcutRefusalsInARow;

    /// <summary>
    /// After this many refusals in a row the kind's creates go straight to the field set: its objects carry granular
    /// lists (every kind with a pod template has containers), and a walk that is then refused only adds to the work.
    /// </summary>
    internal const int ShortcutRefusalLimit = 16;

    /// <param name="schema">The kind's schema (null for untyped kinds: maps granular, lists atomic).</param>
    public FieldManager(SchemaNode? schema, FieldManagerOptions? options = null)
    {
        _schema = schema;
        _options = options ?? new FieldManagerOptions();
        _updater = new Updater(schema, _options.IgnoredFields);
        _createdEntry = new CreatedEntryWriter(new CreatedFieldsWriter(schema, _options.IgnoredFields, ServerOwnedFields));
    }

    /// <summary>
    /// The object to store after a create (<paramref name="liveObject"/> null), update or non-apply patch, with
    /// <c>metadata.managedFields</c> recomputed. Like upstream's UpdateNoErrors it never fails: on bad managed
    /// fields it keeps the live ones.
    /// </summary>
    public JsonObject Update(JsonObject? liveObject, JsonObject newObject, FieldOwner owner)
    {
        ArgumentNullException.ThrowIfNull(newObject);
        ArgumentNullException.ThrowIfNull(owner);
        var result = (JsonObject)newObject.DeepClone();
        UpdateInPlace(liveObject, result, owner);
        return result;
    }

    /// <summary>
    /// <see cref="Update"/> for a caller that owns <paramref name="newObject"/>: its <c>metadata.managedFields</c>
    /// is recomputed in place (nothing else in it changes) instead of in a copy. <paramref name="liveObject"/> is
    /// only read.
    /// </summary>
    public void UpdateInPlace(JsonObject? liveObject, JsonObject newObject, FieldOwner owner)
    {
        ArgumentNullException.ThrowIfNull(newObject);
        ArgumentNullException.ThrowIfNull(owner);
        if (_options.KeepUntouchedEntries && TryUpdateKeepingUntouched(liveObject, newObject, owner))
        {
            return;
        }

        try
        {
            var managed = DecodeLiveOrNew(liveObject, newObject, !string.IsNullOrEmpty(owner.Subresource));
            ManagedFieldsCodec.Remove(newObject);
            if (managed.IsEmpty && HasUid(liveObject))
            {
                // Upstream leaves objects that predate field tracking untracked until their first apply.
                return;
            }

            // The live object keeps its managedFields: the comparison leaves that field out instead of a copy
            // without it being made (the new object no longer has it).
            var live = liveObject ?? ZeroObjectLike(newObject);
            managed = TrackUpdate(live, newObject, owner, managed, ManagedFieldsPath);
            ManagedFieldsCodec.Write(newObject, managed);
        }
        catch (PatchException)
        {
            ManagedFieldsCodec.Restore(newObject, ManagedFieldsCodec.Read(liveObject));
        }
    }

    /// <summary>
    /// <see cref="UpdateInPlace"/> for the common list whose entries all read well: only the writer's entry and the
    /// entries whose fields the change reaches (see <see cref="UpdatePartition"/>) are decoded, updated and encoded;
    /// every other entry keeps its fieldsV1 as read, which is what decoding and encoding it again would give.
    /// False, with nothing changed, for a list the full path reads differently (none, a reset, an invalid entry or
    /// set, a manager twice) and when the cap on update managers would fold entries.
    /// </summary>
    internal bool TryUpdateKeepingUntouched(JsonObject? liveObject, JsonObject newObject, FieldOwner owner)
    {
        if (TrackedList(liveObject, newObject, !string.IsNullOrEmpty(owner.Subresource)) is not JsonArray { Count: > 0 } list)
        {
            return false;
        }

        try
        {
            var entries = ManagedFieldsCodec.ReadEntries(list);
            // The comparison leaves managedFields out, so the new object may still carry the list it is read from.
            var comparison = _updater.Compare(liveObject ?? ZeroObjectLike(newObject), newObject, ManagedFieldsPath);
            var writer = ManagerKey.ForUpdate(owner.Manager, owner.ApiVersion, owner.Subresource);
            if (UpdatePartition.TrySplit(entries, comparison, writer, ManagedFieldsCodec.FormatTime(owner.Time)) is not { } split)
            {
                return false;
            }

            var state = TrackUpdate(comparison, owner, split.Decoded);
            if (split.WriterKept)
            {
                // The chain gave the writer only the current change, which its kept entry already holds.
                state.Sets.Remove(writer);
                state.Times.Remove(writer);
            }

            var kept = split.Kept;
            var updateManagers = state.Sets.Values.Count(s => !s.Applied) + kept.Count(e => e.Operation == ManagedFieldsOperation.Update);
            if (updateManagers > _options.MaxUpdateManagers)
            {
                return false;
            }

            var keptNodes = KeptEntryNodes.Take(list, ManagedFieldsCodec.Read(newObject) as JsonArray, !string.IsNullOrEmpty(owner.Subresource), split);
            ManagedFieldsCodec.Remove(newObject);
            ManagedFieldsCodec.Write(newObject, state, kept, keptNodes);
            return true;
        }
        catch (PatchException)
        {
            return false;
        }
    }

    /// <summary>
    /// The list <see cref="DecodeLiveOrNew"/> decodes when it decodes well: the live one for a subresource, else
    /// the new object's unless it sends none (null for a reset, which the full path handles).
    /// </summary>
    private static JsonNode? TrackedList(JsonObject? liveObject, JsonObject newObject, bool isSubresource)
    {
        var liveFields = ManagedFieldsCodec.Read(liveObject);
        if (isSubresource)
        {
            return liveFields;
        }

        var newFields = ManagedFieldsCodec.Read(newObject);
        return newFields is null ? liveFields : IsReset(newFields) ? null : newFields;
    }

    /// <summary>
    /// The <c>metadata.managedFields</c> that <see cref="Update"/>(null, <paramref name="created"/>, <paramref name="owner"/>)
    /// writes for a create whose object carries none, or null when it writes none (the owner would own no field).
    /// The same result in one walk of the object: nothing is cloned and no zero object is built and compared.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="created"/> carries managedFields.</exception>
    public JsonArray? CreatedManagedFields(JsonObject created, FieldOwner owner)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(owner);
        if (ManagedFieldsCodec.Read(created) is not null)
        {
            throw new ArgumentException("the created object carries managedFields; use Update", nameof(created));
        }

        if (Volatile.Read(ref _shortcutRefusalsInARow) >= ShortcutRefusalLimit)
        {
            return CreatedManagedFieldsFromSet(created, owner);
        }

        var written = _createdEntry.TryWrite(created, owner, out var refused);
        if (!refused)
        {
            Volatile.Write(ref _shortcutRefusalsInARow, 0);
            return written;
        }

        Interlocked.Increment(ref _shortcutRefusalsInARow);
        return CreatedManagedFieldsFromSet(created, owner);
    }

    /// <summary>
    /// <see cref="CreatedManagedFields"/> through the field set, for every object (the written shortcut refuses
    /// granular lists with items); tests pin the shortcut to it.
    /// </summary>
    internal JsonArray? CreatedManagedFieldsFromSet(JsonObject created, FieldOwner owner)
    {
        var set = CreatedFields.Build(created, _schema);
        if (_options.IgnoredFields is { } ignored)
        {
            set = set.RecursiveDifference(ignored);
        }

        // The set was built here and goes nowhere but into the encoding below: the server-owned fields are taken
        // out of it in place rather than by a copying difference.
        set.RemoveInPlace(ServerOwnedFields);
        if (set.IsEmpty)
        {
            return null;
        }

        var entry = new ManagedFieldsEntry(owner.Manager, ManagedFieldsOperation.Update, owner.ApiVersion,
            ManagedFieldsCodec.FormatTime(owner.Time), "FieldsV1", null, string.IsNullOrEmpty(owner.Subresource) ? null : owner.Subresource);
        return ManagedFieldsCodec.List([(entry, set)]);
    }

    /// <summary>
    /// Server-side apply of <paramref name="appliedConfiguration"/> onto <paramref name="liveObject"/> (null to
    /// create). Conflicts come back in the result (answer 409); <paramref name="force"/> takes ownership instead.
    /// </summary>
    /// <exception cref="PatchException">400/422 when the configuration itself is unusable.</exception>
    public ApplyResult Apply(JsonObject? liveObject, JsonObject appliedConfiguration, FieldOwner owner, bool force)
    {
        ArgumentNullException.ThrowIfNull(appliedConfiguration);
        ArgumentNullException.ThrowIfNull(owner);
        ValidateConfiguration(appliedConfiguration, owner);

        ManagedState managed;
        try
        {
            managed = ManagedFieldsCodec.Decode(ManagedFieldsCodec.Read(liveObject));
        }
        catch (PatchException)
        {
            managed = new ManagedState();
        }

        var live = WithoutManagedFields(liveObject);
        if (managed.IsEmpty && liveObject is not null)
        {
            managed = TrackUpdate(new JsonObject(), live, owner with { Manager = BeforeFirstApplyManager }, managed);
        }

        var key = ManagerKey.ForApply(owner.Manager, owner.Subresource);
        var config = appliedConfiguration.DeepClone();
        var outcome = _updater.Apply(live, config, owner.ApiVersion, managed.Sets, key, force);
        if (outcome.Conflicts.Count > 0 && owner.Manager == KubectlManager)
        {
            outcome = RetryWithLastAppliedAllowance(live, config, owner, managed, key, outcome.Conflicts);
        }

        if (outcome.Conflicts.Count > 0)
        {
            return ApplyResult.Conflicted(outcome.Conflicts
                .Select(c => new ApplyConflict(c.Manager.Manager, c.Manager.Operation, c.Manager.ApiVersion, c.Manager.Subresource, c.Path.ToString()))
                .ToList());
        }

        var changed = outcome.Object is not null;
        var result = (JsonObject)(outcome.Object ?? live).DeepClone();
        var state = new ManagedState();
        foreach (var (k, v) in outcome.Managers)
        {
            state.Sets[k] = v;
            state.Times[k] = managed.Times.GetValueOrDefault(k);
        }

        if (changed)
        {
            state.Times[key] = ManagedFieldsCodec.FormatTime(owner.Time);
        }

        StripServerOwned(state, key);
        if (owner.Manager == KubectlManager)
        {
            RefreshLastApplied(result, appliedConfiguration);
        }

        ManagedFieldsCodec.Write(result, state);
        return ApplyResult.Success(result, changed);
    }

    /// <summary>
    /// Upstream's update chain: the change is computed as a transient manager, stripped of server-owned fields,
    /// folded into the caller's entry (stamping its time) and the number of update managers is capped.
    /// </summary>
    private ManagedState TrackUpdate(JsonNode live, JsonNode updated, FieldOwner owner, ManagedState managed, FieldSet? notCompared = null) =>
        TrackUpdate(_updater.Compare(live, updated, notCompared), owner, managed);

    private ManagedState TrackUpdate(Comparison comparison, FieldOwner owner, ManagedState managed)
    {
        var sets = _updater.Update(comparison, owner.ApiVersion, managed.Sets, ManagerKey.CurrentOperation);
        var state = new ManagedState();
        foreach (var (k, v) in sets)
        {
            state.Sets[k] = v;
            state.Times[k] = managed.Times.GetValueOrDefault(k);
        }

        StripServerOwned(state, ManagerKey.CurrentOperation);
        if (state.Sets.Remove(ManagerKey.CurrentOperation, out var current))
        {
            state.Times.Remove(ManagerKey.CurrentOperation);
            var key = ManagerKey.ForUpdate(owner.Manager, owner.ApiVersion, owner.Subresource);
            state.Sets[key] = state.Sets.TryGetValue(key, out var previous)
                ? current with { Set = current.Set.Union(previous.Set) }
                : current;
            state.Times[key] = ManagedFieldsCodec.FormatTime(owner.Time);
        }

        CapUpdateManagers(state);
        return state;
    }

    /// <summary>
    /// kubectl's CSA-to-SSA migration: conflicts on fields whose last-applied value still matches the live object
    /// are not real conflicts, so the apply is forced when those are the only ones.
    /// </summary>
    private (JsonNode? Object, Dictionary<ManagerKey, VersionedSet> Managers, IReadOnlyList<FieldConflict> Conflicts) RetryWithLastAppliedAllowance(
        JsonNode live,
        JsonNode config,
        FieldOwner owner,
        ManagedState managed,
        ManagerKey key,
        IReadOnlyList<FieldConflict> conflicts)
    {
        var allowed = AllowedByLastApplied(live, owner.ApiVersion);
        if (allowed is null)
        {
            return (null, managed.Sets, conflicts);
        }

        var remaining = conflicts.Where(c => !allowed.Has(c.Path)).ToList();
        return remaining.Count > 0
            ? (null, managed.Sets, remaining)
            : _updater.Apply(live, config, owner.ApiVersion, managed.Sets, key, force: true);
    }

    private FieldSet? AllowedByLastApplied(JsonNode live, string apiVersion)
    {
        var text = JsonNodes.StringAt(live, "metadata", "annotations", LastAppliedAnnotation);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is not JsonObject lastApplied
                || JsonNodes.StringAt(lastApplied, "apiVersion") != apiVersion)
            {
                return null;
            }

            var comparison = ObjectComparer.Compare(lastApplied, live, _schema);
            return FieldSetBuilder.Build(lastApplied, _schema)
                .Difference(comparison.Modified)
                .Difference(comparison.Added)
                .Difference(comparison.Removed);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private void ValidateConfiguration(JsonObject config, FieldOwner owner)
    {
        if (config["metadata"] is JsonObject metadata && metadata["managedFields"] is not null)
        {
            throw PatchException.BadRequest("metadata.managedFields must be nil");
        }

        var version = JsonNodes.StringAt(config, "apiVersion");
        if (version is not null && version != owner.ApiVersion)
        {
            throw PatchException.BadRequest(
                $"Incorrect version specified in apply patch. Specified patch version: {version}, expected: {owner.ApiVersion}");
        }

        ConfigValidator.Validate(config, _schema);
    }

    private static ManagedState DecodeLiveOrNew(JsonObject? liveObject, JsonObject newObject, bool isSubresource)
    {
        var liveFields = ManagedFieldsCodec.Read(liveObject);
        if (isSubresource)
        {
            return DecodeOrEmpty(liveFields);
        }

        var newFields = ManagedFieldsCodec.Read(newObject);
        if (IsReset(newFields))
        {
            return new ManagedState();
        }

        try
        {
            var fromNew = ManagedFieldsCodec.Decode(newFields);
            return fromNew.IsEmpty ? DecodeOrEmpty(liveFields) : fromNew;
        }
        catch (PatchException)
        {
            return DecodeOrEmpty(liveFields);
        }
    }

    /// <summary>An explicit empty list (or one empty entry) in the request resets tracking, as upstream allows.</summary>
    private static bool IsReset(JsonNode? managedFields) => managedFields is JsonArray array
        && (array.Count == 0 || (array.Count == 1 && array[0] is JsonObject { Count: 0 }));

    private static ManagedState DecodeOrEmpty(JsonNode? fields)
    {
        try
        {
            return ManagedFieldsCodec.Decode(fields);
        }
        catch (PatchException)
        {
            return new ManagedState();
        }
    }

    private static bool HasUid(JsonObject? obj) => !string.IsNullOrEmpty(JsonNodes.StringAt(obj, "metadata", "uid"));

    /// <summary>
    /// Upstream compares a create against the kind's Go zero value, in which nested structs already exist (as
    /// empty objects); mirroring that for struct-typed fields keeps their FieldsV1 free of a <c>"."</c> member,
    /// as real managedFields look. Without a schema only the top-level sections are assumed.
    /// </summary>
    private JsonObject ZeroObjectLike(JsonObject created) => ZeroOf(created, _schema, topLevel: true);

    private static JsonObject ZeroOf(JsonObject created, SchemaNode? schema, bool topLevel)
    {
        var zero = new JsonObject();
        foreach (var (name, value) in created)
        {
            var field = schema?.Field(name);
            var isStruct = field is { Kind: SchemaNodeKind.Struct, IsAtomic: false }
                || (schema is null && topLevel && name is "metadata" or "spec" or "status");
            if (value is JsonObject child && isStruct && schema?.HasDeclaredField(name) != false)
            {
                zero[name] = ZeroOf(child, field, topLevel: false);
            }
        }

        return zero;
    }

    private static JsonObject WithoutManagedFields(JsonObject? obj)
    {
        var copy = obj is null ? new JsonObject() : (JsonObject)obj.DeepClone();
        ManagedFieldsCodec.Remove(copy);
        return copy;
    }

    private static void StripServerOwned(ManagedState state, ManagerKey key)
    {
        if (!state.Sets.TryGetValue(key, out var owned))
        {
            return;
        }

        var rest = owned.Set.Difference(ServerOwnedFields);
        if (rest.IsEmpty)
        {
            state.Sets.Remove(key);
            state.Times.Remove(key);
        }
        else
        {
            state.Sets[key] = owned with { Set = rest };
        }
    }

    /// <summary>Folds the oldest update managers into one <c>ancient-changes</c> entry per apiVersion.</summary>
    private void CapUpdateManagers(ManagedState state)
    {
        var updaters = state.Sets.Where(p => !p.Value.Applied).Select(p => p.Key).ToList();
        if (updaters.Count <= _options.MaxUpdateManagers)
        {
            return;
        }

        updaters = updaters
            .OrderBy(k => ManagedFieldsCodec.Seconds(state.Times.GetValueOrDefault(k)))
            .ThenBy(k => k.Manager, StringComparer.Ordinal)
            .ToList();
        var firstByVersion = new Dictionary<string, ManagerKey>(StringComparer.Ordinal);
        var remaining = updaters.Count;
        for (var i = 0; i < updaters.Count && remaining > _options.MaxUpdateManagers; i++)
        {
            var manager = updaters[i];
            var owned = state.Sets[manager];
            var time = state.Times.GetValueOrDefault(manager);
            var bucket = ManagerKey.ForUpdate(AncientChangesManager, owned.ApiVersion, null);
            if (!firstByVersion.TryGetValue(owned.ApiVersion, out var first))
            {
                firstByVersion[owned.ApiVersion] = manager;
                continue;
            }

            if (!state.Sets.ContainsKey(bucket))
            {
                state.Sets[bucket] = state.Sets[first];
                state.Sets.Remove(first);
                state.Times.Remove(first);
            }

            state.Sets[bucket] = owned with { Set = owned.Set.Union(state.Sets[bucket].Set) };
            state.Sets.Remove(manager);
            state.Times.Remove(manager);
            state.Times[bucket] = time;
            remaining--;
        }
    }

    /// <summary>Keeps an existing last-applied annotation in step with the applied configuration (upstream's lastAppliedUpdater).</summary>
    private static void RefreshLastApplied(JsonObject result, JsonObject applied)
    {
        if (JsonNodes.At(result, "metadata", "annotations") is not JsonObject annotations
            || string.IsNullOrEmpty(JsonNodes.StringAt(annotations, LastAppliedAnnotation)))
        {
            return;
        }

        var copy = (JsonObject)applied.DeepClone();
        (JsonNodes.At(copy, "metadata", "annotations") as JsonObject)?.Remove(LastAppliedAnnotation);
        annotations[LastAppliedAnnotation] = JsonNodes.Canonical(copy) + "\n";
    }
}
