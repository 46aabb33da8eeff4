using Wharf.Api.Patch.Managed.Typed;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Splits a managedFields list for an update into the entries whose sets the update can change, decoded, and
/// those it cannot, kept as read. Upstream's update takes from every other manager the fields the change modifies,
/// adds or removes, and gives the writer the changed ones: an entry none of whose members is changed or removed,
/// and which is not the writer's while anything changed, comes out as it went in (see <see cref="FieldsV1Scan"/>
/// for when its fieldsV1 is also what encoding its set gives).
/// </summary>
internal static class UpdatePartition
{
    /// <summary>False when a manager has two entries (the full path keeps the later one's set).</summary>
    /// <exception cref="PatchException">When an entry that must be decoded has an invalid set.</exception>
    public static bool TrySplit(
        IReadOnlyList<(ManagedFieldsEntry Entry, ManagerKey Key)> entries,
        Comparison comparison,
        ManagerKey writer,
        out ManagedState decoded,
        out List<ManagedFieldsEntry> kept)
    {
        decoded = new ManagedState();
        kept = new List<ManagedFieldsEntry>(entries.Count);
        var seen = new HashSet<ManagerKey>();
        var changed = comparison.Changed;
        foreach (var (entry, key) in entries)
        {
            if (!seen.Add(key))
            {
                return false;
            }

            if ((key == writer && !changed.IsEmpty) || FieldsV1Scan.Scan(entry.FieldsV1, changed, comparison.Removed) != FieldsV1Scan.Outcome.Untouched)
            {
                decoded.Add(entry, key);
            }
            else
            {
                kept.Add(entry);
            }
        }

        return true;
    }
}
