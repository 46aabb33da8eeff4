using System.Text.Json.Nodes;
using Wharf.Client.Meta;
using Wharf.Controllers.History;

namespace Wharf.Controllers.StatefulSet;

/// <summary>
/// The revision the set's pods are at (<see cref="Current"/>) and the one they are moving to (<see cref="Update"/>),
/// with the collision count seen making them (upstream's getStatefulSetRevisions).
/// </summary>
internal sealed record RevisionPair(JsonObject Current, JsonObject Update, int CollisionCount)
{
    public string CurrentName => ObjectMeta.Name(Current)!;

    public string UpdateName => ObjectMeta.Name(Update)!;

    /// <summary>
    /// Finds or makes the update revision for the set's present template: the newest revision when equal, an older
    /// equal one renumbered as newest (a rollback), else a new revision. The current revision is the one
    /// status.currentRevision names, or the update revision for a new set.
    /// </summary>
    public static async Task<RevisionPair> ResolveAsync(RevisionHistory history, JsonObject set, IReadOnlyList<JsonObject> sorted, CancellationToken ct)
    {
        var collisions = set["status"]?["collisionCount"] is JsonValue v && v.TryGetValue<int>(out var c) ? c : 0;
        var candidate = StatefulSetRevisions.New(set, ControllerRevisions.NextRevision(sorted), collisions);
        var equal = ControllerRevisions.FindEqual(sorted, candidate);
        JsonObject update;
        if (equal.Count > 0 && ControllerRevisions.Equal(sorted[^1], equal[^1]))
            update = sorted[^1];
        else if (equal.Count > 0)
            update = await history.UpdateRevisionAsync(equal[^1], ControllerRevisions.Revision(candidate), ct);
        else
            (update, collisions) = await history.CreateAsync(set, candidate, collisions, ct);

        var currentName = set["status"]?["currentRevision"].Str();
        var current = sorted.FirstOrDefault(r => ObjectMeta.Name(r) == currentName) ?? update;
        return new RevisionPair(current, update, collisions);
    }
}
