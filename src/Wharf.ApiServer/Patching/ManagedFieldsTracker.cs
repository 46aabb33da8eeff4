using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Api.Patch;
using Wharf.Api.Patch.Managed;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.Patching;

/// <summary>
/// Keeps <c>metadata.managedFields</c> on every write (which manager owns which fields) and performs server-side
/// apply, with one field manager per kind and write path. Status is owned through the status subresource only,
/// so the main resource's managers never own it and vice versa (upstream's reset fields).
/// </summary>
public sealed class ManagedFieldsTracker(TimeProvider time)
{
    /// <param name="useShortcuts">
    /// false makes every create and update take the full field manager, which decodes and encodes every entry
    /// (tests compare the two).
    /// </param>
    internal ManagedFieldsTracker(TimeProvider time, bool useShortcuts) : this(time) => _useShortcuts = useShortcuts;

    private readonly bool _useShortcuts = true;

    private static readonly FieldSet StatusOnly = FieldSet.Of(FieldPath.Of("status"));
    private static readonly FieldSet SpecOnly = FieldSet.Of(FieldPath.Of("spec"));
    private readonly ConcurrentDictionary<(ResourceKind Kind, bool Status), FieldManager> _managers = new();

    /// <summary>
    /// The object to store with its managedFields updated: <paramref name="obj"/> itself, whose managedFields are
    /// set in place (straight from its fields for a create that sends none, from the live entry for an update that
    /// changes only owned values (see <see cref="OwnedValueUpdate"/>), otherwise by the field manager).
    /// </summary>
    public JsonObject TrackUpdate(ResourceKind kind, JsonObject? old, JsonObject obj, string? subresource, WriteOptions options)
    {
        var owner = Owner(kind, subresource, options);
        if (_useShortcuts && old is null && TryTrackCreate(ManagerFor(kind, subresource), obj, owner))
            return obj;
        if (_useShortcuts && old is not null && OwnedValueUpdate.TryTrack(old, obj, owner))
            return obj;
        // The store hands over an object it built for this write and does not read again: tracked in place.
        ManagerFor(kind, subresource).UpdateInPlace(old, obj, owner);
        return obj;
    }

    /// <summary>
    /// A create without managedFields in its body (absent, null or an empty list, which the field manager treats
    /// alike) gets its single entry straight from the object's fields, set in place.
    /// </summary>
    private static bool TryTrackCreate(FieldManager manager, JsonObject obj, FieldOwner owner)
    {
        if (obj["metadata"] is not JsonObject meta || meta["managedFields"] is not (null or JsonArray { Count: 0 }))
            return false;
        // The field manager writes the list anew, so it always ends metadata (and is absent when nothing is owned).
        meta.Remove("managedFields");
        if (manager.CreatedManagedFields(obj, owner) is { } fields)
            meta["managedFields"] = fields;
        return true;
    }

    /// <summary>Server-side apply; conflicts become upstream's 409 with one cause per field.</summary>
    public JsonObject Apply(ResourceKind kind, JsonObject? live, JsonObject applied, string? subresource, WriteOptions options, bool force)
    {
        ApplyResult result;
        try
        {
            result = ManagerFor(kind, subresource).Apply(live, applied, Owner(kind, subresource, options), force);
        }
        catch (PatchException e)
        {
            throw e.StatusCode == 400 ? StatusErrors.BadRequest(e.Message) : new StatusException(e.StatusCode, e.StatusCode == 422 ? "Invalid" : "BadRequest", e.Message);
        }
        if (result.HasConflicts)
        {
            var causes = result.Conflicts.Select(c => new StatusCause(ApplyConflict.CauseReason, c.Message, c.Field)).ToList();
            throw new StatusException(409, "Conflict", result.ConflictMessage!,
                new StatusDetails(applied["metadata"].Str("name"), kind.Group, kind.Plural, causes));
        }
        return result.Object ?? live ?? applied;
    }

    private FieldOwner Owner(ResourceKind kind, string? subresource, WriteOptions options) =>
        new(options.FieldManager, kind.GroupVersion, time.GetUtcNow(), subresource);

    private FieldManager ManagerFor(ResourceKind kind, string? subresource)
    {
        var status = subresource == "status";
        return _managers.GetOrAdd((kind, status), key =>
        {
            FieldSet? ignored = key.Kind.Strategy.HasStatusSubresource ? (key.Status ? SpecOnly : StatusOnly) : null;
            return new FieldManager(PatchEngine.SchemaFor(key.Kind), new FieldManagerOptions { IgnoredFields = ignored, KeepUntouchedEntries = _useShortcuts });
        });
    }
}
