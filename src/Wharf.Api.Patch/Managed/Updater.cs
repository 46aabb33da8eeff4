using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Managed.Typed;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// structured-merge-diff's merge.Updater over JSON: ownership bookkeeping for updates, and apply with conflict
/// detection and pruning of fields the applier stopped sending. Objects are compared at one version (no conversion).
/// </summary>
internal sealed class Updater(SchemaNode? schema, FieldSet? ignored)
{
    /// <summary>What an update changes: the comparison of the two objects without the ignored fields.</summary>
    /// <param name="notCompared">Paths neither object's difference may come from (e.g. a managedFields only one side still carries).</param>
    public Comparison Compare(JsonNode live, JsonNode updated, FieldSet? notCompared = null)
    {
        var skipped = notCompared is null ? ignored : ignored?.Union(notCompared) ?? notCompared;
        return ObjectComparer.Compare(live, updated, schema, skipped);
    }

    /// <summary>Records that <paramref name="manager"/> changed what <paramref name="comparison"/> (see <see cref="Compare"/>) found.</summary>
    public Dictionary<ManagerKey, VersionedSet> Update(
        Comparison comparison,
        string apiVersion,
        Dictionary<ManagerKey, VersionedSet> managers,
        ManagerKey manager)
    {
        var (result, _) = Reassign(comparison, managers, manager, force: true);
        var previous = result.TryGetValue(manager, out var own) ? own.Set : new FieldSet();
        var set = Filter(previous.Difference(comparison.Removed).Union(comparison.Modified).Union(comparison.Added));
        result[manager] = new VersionedSet(set, apiVersion, Applied: false);
        DropEmpty(result);
        return result;
    }

    /// <summary>
    /// Merges <paramref name="config"/> into <paramref name="live"/>. Returns the new object (null when nothing
    /// changed) and the new ownership, or the conflicts when not forced.
    /// </summary>
    public (JsonNode? Object, Dictionary<ManagerKey, VersionedSet> Managers, IReadOnlyList<FieldConflict> Conflicts) Apply(
        JsonNode live,
        JsonNode config,
        string apiVersion,
        Dictionary<ManagerKey, VersionedSet> managers,
        ManagerKey manager,
        bool force)
    {
        var merged = ObjectMerger.Merge(live, config, schema)!;
        var working = new Dictionary<ManagerKey, VersionedSet>(managers);
        working.TryGetValue(manager, out var lastSet);
        working[manager] = new VersionedSet(Filter(FieldSetBuilder.Build(config, schema)), apiVersion, Applied: true);
        merged = Prune(merged, working, lastSet);
        var (result, conflicts) = Reassign(Compare(live, merged), working, manager, force);
        if (conflicts.Count > 0)
        {
            return (null, managers, conflicts);
        }

        return (JsonNodes.DeepEquals(live, merged) ? null : merged, result, []);
    }

    /// <summary>
    /// Upstream's update(): other managers lose fields this change modifies or adds (or a conflict is reported
    /// when not forced) and everybody loses removed fields.
    /// </summary>
    private static (Dictionary<ManagerKey, VersionedSet>, IReadOnlyList<FieldConflict>) Reassign(
        Comparison comparison,
        Dictionary<ManagerKey, VersionedSet> managers,
        ManagerKey workflow,
        bool force)
    {
        var changed = comparison.Changed;
        var conflicts = new List<FieldConflict>();
        var result = new Dictionary<ManagerKey, VersionedSet>();
        foreach (var (key, owned) in managers)
        {
            if (key == workflow)
            {
                result[key] = owned;
                continue;
            }

            var conflicting = owned.Set.Intersection(changed);
            conflicts.AddRange(conflicting.Paths().Select(p => new FieldConflict(key, p)));
            result[key] = owned with { Set = owned.Set.Difference(conflicting).Difference(comparison.Removed) };
        }

        if (!force && conflicts.Count > 0)
        {
            return (managers, conflicts);
        }

        DropEmpty(result);
        return (result, []);
    }

    /// <summary>
    /// Removes from the merged object what the applier owned last time but neither it nor anyone else owns now,
    /// following upstream's prune / addBackOwnedItems / addBackDanglingItems steps.
    /// </summary>
    private JsonNode Prune(JsonNode merged, Dictionary<ManagerKey, VersionedSet> managers, VersionedSet? lastSet)
    {
        if (lastSet is null || lastSet.Set.IsEmpty)
        {
            return merged;
        }

        var last = NamedFieldMembers.Ensure(lastSet.Set, schema);
        var pruned = ItemRemover.Remove(merged, last, schema);

        var mergedSet = Named(merged);
        var owned = managers.Values.Aggregate(new FieldSet(), (acc, vs) => acc.Union(vs.Set));
        var notOwned = mergedSet.Difference(Named(pruned).Union(NamedFieldMembers.Ensure(owned, schema)));
        pruned = ItemRemover.Remove(merged, notOwned, schema);

        var dangling = mergedSet.Difference(Named(pruned)).Intersection(last);
        return ItemRemover.Remove(merged, dangling, schema)!;
    }

    private FieldSet Named(JsonNode? value) => NamedFieldMembers.Ensure(FieldSetBuilder.Build(value, schema), schema);

    private FieldSet Filter(FieldSet set) => ignored is null ? set : set.RecursiveDifference(ignored);

    private static void DropEmpty(Dictionary<ManagerKey, VersionedSet> managers)
    {
        foreach (var key in managers.Where(p => p.Value.Set.IsEmpty).Select(p => p.Key).ToList())
        {
            managers.Remove(key);
        }
    }
}
