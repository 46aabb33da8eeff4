using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.History;

/// <summary>
/// A controller's ControllerRevisions, read from the shared informer and written through the API (upstream's
/// history.Interface): list-and-claim, create with collision handling, renumber, delete and truncate.
/// </summary>
public sealed class RevisionHistory
{
    private readonly IApiClient _client;

    public RevisionHistory(ControllerContext context)
    {
        _client = context.Client;
        Informer = context.Informers.ForResource(ControllerRevisions.Resource);
        ControllerIndex.EnsureOn(Informer);
    }

    /// <summary>The revisions informer, for the owning controller to wait on and to watch.</summary>
    public ISharedIndexInformer Informer { get; }

    /// <summary>
    /// The revisions <paramref name="parent"/> controls after claiming: its own that match the selector, plus orphans
    /// that match (adopted), while its own that stopped matching are released. Unsorted.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> ListOwnedAsync(JsonObject parent, Resource parentKind, SelectorMatcher selector, CancellationToken ct)
    {
        var ns = ObjectMeta.Namespace(parent) ?? "";
        var candidates = ControllerIndex.OwnedAndOrphans(Informer.Store, ns, ObjectMeta.Uid(parent) ?? "");
        var claim = new ControllerRefManager(_client, parent, parentKind, selector, PatchAsync);
        var (claimed, errors) = await claim.ClaimAsync(candidates, ct);
        if (errors.Count > 0) throw new AggregateException(errors);
        return claimed;
    }

    /// <summary>
    /// Creates <paramref name="revision"/> named after its data and <paramref name="collisionCount"/>. When the name
    /// exists with the same data, that revision is returned; with other data (a hash collision) the count goes up and
    /// the next name is tried. Returns the revision and the collision count to record in the parent's status.
    /// </summary>
    public async Task<(JsonObject Revision, int CollisionCount)> CreateAsync(JsonObject parent, JsonObject revision, int collisionCount, CancellationToken ct)
    {
        var ns = ObjectMeta.Namespace(parent);
        var clone = (JsonObject)revision.DeepClone();
        var meta = ObjectMeta.Metadata(clone);
        while (true)
        {
            var hash = ControllerRevisions.Hash(revision["data"], collisionCount);
            meta["name"] = ControllerRevisions.Name(ObjectMeta.Name(parent)!, hash);
            meta.Obj("labels")[ControllerRevisions.HashLabel] = hash;
            try
            {
                return (await _client.CreateAsync(ControllerRevisions.Resource, ns, clone, ct), collisionCount);
            }
            catch (ApiException e) when (e.IsAlreadyExists)
            {
                var existing = await _client.GetAsync(ControllerRevisions.Resource, ns, ObjectMeta.Name(clone)!, ct);
                if (ControllerRevisions.Equal(existing, clone)) return (existing, collisionCount);
                collisionCount++;
            }
        }
    }

    /// <summary>Sets the revision number (a rollback re-numbers an old revision as the newest), retrying conflicts on fresh reads.</summary>
    public async Task<JsonObject> UpdateRevisionAsync(JsonObject revision, long newRevision, CancellationToken ct)
    {
        var current = (JsonObject)revision.DeepClone();
        for (var attempt = 0; ; attempt++)
        {
            if (ControllerRevisions.Revision(current) == newRevision) return current;
            current["revision"] = newRevision;
            try
            {
                return await _client.UpdateAsync(ControllerRevisions.Resource, current, ct);
            }
            catch (ApiException e) when (e.IsConflict && attempt < 5)
            {
                current = await _client.GetAsync(ControllerRevisions.Resource, ObjectMeta.Namespace(revision), ObjectMeta.Name(revision)!, ct);
            }
        }
    }

    /// <summary>Deletes a revision; one already gone is no error.</summary>
    public async Task DeleteAsync(JsonObject revision, CancellationToken ct)
    {
        try
        {
            await _client.DeleteAsync(ControllerRevisions.Resource, ObjectMeta.Namespace(revision), ObjectMeta.Name(revision)!, null, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>Deletes the oldest non-live revisions beyond <paramref name="limit"/> (see <see cref="ControllerRevisions.Excess"/>).</summary>
    public async Task TruncateAsync(IReadOnlyList<JsonObject> sorted, IReadOnlySet<string> live, int limit, CancellationToken ct)
    {
        foreach (var revision in ControllerRevisions.Excess(sorted, live, limit))
            await DeleteAsync(revision, ct);
    }

    private Task<JsonObject> PatchAsync(string ns, string name, JsonObject mergePatch, CancellationToken ct) =>
        _client.PatchAsync(ControllerRevisions.Resource, ns, name, PatchType.Merge, mergePatch, null, ct);
}
