using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.History;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.DaemonSet;

/// <summary>The revision a DaemonSet pass works with: the current one, its pod hash, the older ones, the collision count.</summary>
public sealed record DaemonSetRevisions(JsonObject Current, string Hash, IReadOnlyList<JsonObject> Old, int? CollisionCount);

/// <summary>
/// A DaemonSet's ControllerRevisions as upstream's DaemonSet controller keeps them (<c>constructHistory</c>,
/// <c>snapshot</c>, <c>dedupCurHistories</c>, <c>cleanupHistory</c>) on top of the shared <see cref="RevisionHistory"/>:
/// each revision's data is <c>{"spec":{"template":{…,"$patch":"replace"}}}</c>, which <c>kubectl rollout undo</c>
/// applies as a strategic merge patch; the revision matching the current template becomes the newest, and pods
/// carry its hash in <c>controller-revision-hash</c>.
/// </summary>
public sealed class DaemonSetHistory(IApiClient client, RevisionHistory history)
{
    /// <summary>
    /// The revision data of the DaemonSet's current template (upstream's <c>getPatch</c>), written as Go writes it:
    /// keys sorted at every level and the template's <c>creationTimestamp: null</c>, so that kubectl, which compares
    /// these bytes with the patch it computes itself, sees the current revision as current ("skipped rollback").
    /// </summary>
    public static JsonObject Data(JsonObject ds)
    {
        var template = ds["spec"]?["template"]?.DeepClone() as JsonObject ?? new JsonObject();
        var metadata = template.Obj("metadata");
        if (!metadata.ContainsKey("creationTimestamp")) metadata["creationTimestamp"] = null;
        template["$patch"] = "replace";
        var data = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } };
        return JsonNode.Parse(PodTemplateHash.CanonicalUtf8(data))!.AsObject();
    }

    /// <summary>The hash pods of a revision carry: its <c>controller-revision-hash</c> label, else its data hash label, else its name.</summary>
    public static string PodHash(JsonObject revision) =>
        ObjectMeta.Label(revision, DaemonSetLabels.ControllerRevisionHash)
        ?? ObjectMeta.Label(revision, ControllerRevisions.HashLabel)
        ?? ObjectMeta.Name(revision)!;

    /// <summary>
    /// Claims the DaemonSet's revisions, finds (or creates) the one matching its template, renumbers it as the
    /// newest when an older revision came back (a rollback), and merges duplicates of it.
    /// </summary>
    public async Task<DaemonSetRevisions> ConstructAsync(JsonObject ds, SelectorMatcher selector, IReadOnlyList<JsonObject> pods, CancellationToken ct)
    {
        var owned = await history.ListOwnedAsync(ds, Resource.DaemonSets, selector, ct);
        var data = Data(ds);
        var needle = new JsonObject { ["data"] = data.DeepClone() };
        var current = new List<JsonObject>();
        var old = new List<JsonObject>();
        foreach (var revision in owned)
        {
            var labelled = await EnsurePodHashLabelAsync(revision, ct);
            (ControllerRevisions.Equal(labelled, needle) ? current : old).Add(labelled);
        }
        var next = ControllerRevisions.NextRevision(ControllerRevisions.Sort(old));
        var collisions = (int?)JsonNumbers.Long(ds["status"]?["collisionCount"]);
        JsonObject cur;
        if (current.Count == 0)
        {
            (cur, collisions) = await SnapshotAsync(ds, data, next, collisions, ct);
        }
        else
        {
            cur = await DedupAsync(current, pods, ct);
            if (ControllerRevisions.Revision(cur) < next) cur = await history.UpdateRevisionAsync(cur, next, ct);
        }
        return new DaemonSetRevisions(cur, PodHash(cur), old, collisions);
    }

    /// <summary>
    /// Deletes the oldest revisions beyond revisionHistoryLimit (default 10), never one whose hash a pod of the
    /// DaemonSet still carries.
    /// </summary>
    public Task CleanupAsync(JsonObject ds, DaemonSetRevisions revisions, IEnumerable<JsonObject> pods, CancellationToken ct)
    {
        var limit = Spec.Int(ds, "revisionHistoryLimit", 10);
        if (revisions.Old.Count <= limit) return Task.CompletedTask;
        var liveHashes = pods.Select(p => ObjectMeta.Label(p, DaemonSetLabels.ControllerRevisionHash)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var live = revisions.Old.Where(r => liveHashes.Contains(PodHash(r))).Select(r => ObjectMeta.Name(r)!).ToHashSet(StringComparer.Ordinal);
        return history.TruncateAsync(ControllerRevisions.Sort(revisions.Old), live, limit, ct);
    }

    private async Task<(JsonObject Revision, int? CollisionCount)> SnapshotAsync(JsonObject ds, JsonObject data, long revisionNumber, int? collisions, CancellationToken ct)
    {
        var templateLabels = ds["spec"]?["template"]?["metadata"]?["labels"] as JsonObject;
        var revision = ControllerRevisions.New(ds, Resource.DaemonSets, templateLabels, data, revisionNumber, collisions);
        // Upstream copies the DaemonSet's annotations (kubernetes.io/change-cause shows in rollout history).
        var meta = ObjectMeta.Metadata(revision);
        if (ds["metadata"]?["annotations"] is JsonObject annotations) meta["annotations"] = annotations.DeepClone();
        // Labelled with the name's hash up front; only a hash collision (a different name) needs a second write.
        meta.Obj("labels")[DaemonSetLabels.ControllerRevisionHash] = ControllerRevisions.Hash(data, collisions ?? 0);
        var (created, count) = await history.CreateAsync(ds, revision, collisions ?? 0, ct);
        if (ObjectMeta.Label(created, DaemonSetLabels.ControllerRevisionHash) != ObjectMeta.Label(created, ControllerRevisions.HashLabel))
            created = await SetPodHashLabelAsync(created, ObjectMeta.Label(created, ControllerRevisions.HashLabel) ?? ObjectMeta.Name(created)!, ct);
        return (created, count == (collisions ?? 0) ? collisions : count);
    }

    /// <summary>Gives a revision the <c>controller-revision-hash</c> label from its data hash (or name) when it has none.</summary>
    private Task<JsonObject> EnsurePodHashLabelAsync(JsonObject revision, CancellationToken ct) =>
        ObjectMeta.Label(revision, DaemonSetLabels.ControllerRevisionHash) is not null
            ? Task.FromResult(revision)
            : SetPodHashLabelAsync(revision, PodHash(revision), ct);

    private async Task<JsonObject> SetPodHashLabelAsync(JsonObject revision, string hash, CancellationToken ct)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [DaemonSetLabels.ControllerRevisionHash] = hash } },
        };
        return await client.PatchAsync(ControllerRevisions.Resource, ObjectMeta.Namespace(revision), ObjectMeta.Name(revision)!, PatchType.Merge, patch, null, ct);
    }

    /// <summary>
    /// Several revisions with the current data: keeps the highest-numbered, moves pods of the others onto its hash,
    /// and deletes the others.
    /// </summary>
    private async Task<JsonObject> DedupAsync(List<JsonObject> current, IReadOnlyList<JsonObject> pods, CancellationToken ct)
    {
        if (current.Count == 1) return current[0];
        var keep = ControllerRevisions.Sort(current)[^1];
        var keepHash = PodHash(keep);
        foreach (var duplicate in current.Where(r => !ReferenceEquals(r, keep)))
        {
            var duplicateHash = PodHash(duplicate);
            foreach (var pod in pods.Where(p => ObjectMeta.Label(p, DaemonSetLabels.ControllerRevisionHash) == duplicateHash))
            {
                var relabel = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [DaemonSetLabels.ControllerRevisionHash] = keepHash } },
                };
                await client.PatchAsync(Resource.Pods, ObjectMeta.Namespace(pod), ObjectMeta.Name(pod)!, PatchType.Merge, relabel, null, ct);
            }
            await history.DeleteAsync(duplicate, ct);
        }
        return keep;
    }
}
