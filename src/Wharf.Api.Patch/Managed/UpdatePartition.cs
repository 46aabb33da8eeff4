using Wharf.Api.Patch.Managed.Typed;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Splits a managedFields list for an update into the entries whose sets the update can change, decoded, and
/// those it cannot, kept as read (see <see cref="FieldsV1Scan"/> for when a fieldsV1 is also what encoding its set
/// gives). Upstream's update takes from every manager the fields the change modifies, adds or removes, and then gives
/// the writer the changed ones that are not server-owned (the "current" change), stamping the writer's time.
/// </summary>
internal static class UpdatePartition
{
    /// <summary>
    /// The entries to decode, the entries to keep with their places in the list read, and which kept entry is the
    /// writer's (restamped), -1 when none.
    /// </summary>
    public sealed record Split(ManagedState Decoded, List<ManagedFieldsEntry> Kept, List<int> KeptAt, int WriterKeptIndex)
    {
        public bool WriterKept => WriterKeptIndex >= 0;
    }

    /// <summary>
    /// Another manager's entry is kept when none of its members is changed or removed. The writer's entry, when the
    /// update gives it a current change, is kept (with <paramref name="writerTime"/>) when it already owns all of that
    /// change and loses nothing: none of its members is removed or a changed server-owned field. Null when a manager
    /// has two entries (the full path keeps the later one's set).
    /// </summary>
    /// <exception cref="PatchException">When an entry that must be decoded has an invalid set.</exception>
    public static Split? TrySplit(
        IReadOnlyList<(ManagedFieldsEntry Entry, ManagerKey Key)> entries,
        Comparison comparison,
        ManagerKey writer,
        string writerTime)
    {
        var decoded = new ManagedState();
        var kept = new List<ManagedFieldsEntry>(entries.Count);
        var keptAt = new List<int>(entries.Count);
        var writerKept = -1;
        var seen = new HashSet<ManagerKey>();
        var changed = comparison.Changed;
        var current = changed.Difference(FieldManager.ServerOwnedFields);
        for (var i = 0; i < entries.Count; i++)
        {
            var (entry, key) = entries[i];
            if (!seen.Add(key))
            {
                return null;
            }

            if (key == writer && !current.IsEmpty)
            {
                if (OwnsAllAndLosesNothing(entry, current, changed, comparison.Removed))
                {
                    writerKept = kept.Count;
                    kept.Add(entry with { Time = writerTime });
                    keptAt.Add(i);
                }
                else
                {
                    decoded.Add(entry, key);
                }
            }
            else if (FieldsV1Scan.Scan(entry.FieldsV1, changed, comparison.Removed) == FieldsV1Scan.Outcome.Untouched)
            {
                kept.Add(entry);
                keptAt.Add(i);
            }
            else
            {
                decoded.Add(entry, key);
            }
        }

        return new Split(decoded, kept, keptAt, writerKept);
    }

    /// <summary>
    /// Whether the writer's set comes out of the update as it went in: (set − changed − removed) ∪ current is the set
    /// when current is already in it and the changed fields current leaves out (server-owned) and the removed ones
    /// are not.
    /// </summary>
    private static bool OwnsAllAndLosesNothing(ManagedFieldsEntry entry, FieldSet current, FieldSet changed, FieldSet removed) =>
        FieldsV1Scan.Scan(entry.FieldsV1, changed.Intersection(FieldManager.ServerOwnedFields), removed, current, out var ownsAll) == FieldsV1Scan.Outcome.Untouched
        && ownsAll;
}
