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
    /// <param name="useShortcut">false makes every update take the full field manager (tests compare the two).</param>
    internal ManagedFieldsTracker(TimeProvider time, bool useShortcut) : this(time) => _useShortcut = useShortcut;

    private readonly bool _useShortcut = true;

    private static readonly FieldSet StatusOnly = FieldSet.Of(FieldPath.Of("status"));
    private static readonly FieldSet SpecOnly = FieldSet.Of(FieldPath.Of("spec"));
    private readonly ConcurrentDictionary<(ResourceKind Kind, bool Status), FieldManager> _managers = new();

    /// <summary>
    /// The object to store with its managedFields updated: <paramref name="obj"/> itself when only owned values
    /// changed (see <see cref="OwnedValueUpdate"/>), otherwise a new object from the field manager.
    /// </summary>
    public JsonObject TrackUpdate(ResourceKind kind, JsonObject? old, JsonObject obj, string? subresource, WriteOptions options)
    {
        var owner = Owner(kind, subresource, options);
        if (_useShortcut && old is not null && OwnedValueUpdate.TryTrack(old, obj, owner))
            return obj;
        return ManagerFor(kind, subresource).Update(old, obj, owner);
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
            return new FieldManager(PatchEngine.SchemaFor(key.Kind), new FieldManagerOptions { IgnoredFields = ignored });
        });
    }
}
