using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// The uid → node ownership graph (upstream's GraphBuilder.processGraphChanges): applies informer observations
/// and virtual deletes one at a time, and hands the collector's two queues the nodes that need a decision —
/// dependents of vanished owners, owners whose dependents must go first (foreground) or be orphaned, and
/// dependents whose owner reference may be dangling.
/// </summary>
internal sealed class DependencyGraph(AbsentOwnerCache absentOwners, Action<string> attemptToDelete, Action<string> attemptToOrphan)
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    private readonly object _lock = new();
    private readonly Dictionary<string, GraphNode> _nodes = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_lock) return _nodes.Count; }
    }

    /// <summary>Runs <paramref name="read"/> on the node under the graph lock; default when the uid is unknown.</summary>
    public T? Read<T>(string uid, Func<GraphNode, T> read)
    {
        lock (_lock) return _nodes.TryGetValue(uid, out var node) ? read(node) : default;
    }

    public void Process(GraphEvent e)
    {
        lock (_lock)
        {
            var found = _nodes.TryGetValue(e.Identity.Uid, out var existing);
            if (found && !e.Virtual && !existing!.Observed)
            {
                MarkObserved(existing, e.Identity);
            }
            if (e.Type is GraphEventType.Add or GraphEventType.Update && e.Object is { } obj)
            {
                if (!found)
                {
                    var node = new GraphNode(e.Identity, isVirtual: false)
                    {
                        Observed = true,
                        Owners = OwnerReference.Of(obj),
                        BeingDeleted = ObjectMeta.IsBeingDeleted(obj),
                        DeletingDependents = ObjectMeta.IsBeingDeleted(obj) && ObjectMeta.Finalizers(obj).Contains(ForegroundFinalizer),
                    };
                    _nodes[node.Identity.Uid] = node;
                    AddDependentToOwners(node, node.Owners);
                    ProcessTransitions(e.Old, obj, node);
                }
                else
                {
                    UpdateOwners(existing!, OwnerReference.Of(obj));
                    if (ObjectMeta.IsBeingDeleted(obj)) existing!.BeingDeleted = true;
                    ProcessTransitions(e.Old, obj, existing!);
                }
            }
            else if (e.Type == GraphEventType.Delete && found)
            {
                ProcessDelete(e, existing!);
            }
        }
    }

    /// <summary>The first informer sighting of a node the graph knew only from references.</summary>
    private void MarkObserved(GraphNode node, ObjectIdentity observed)
    {
        if (node.Identity != observed)
        {
            // Dependents that named this owner with other coordinates may be wrong: let the collector verify them.
            foreach (var dependent in PartitionDependents(node, observed).Mismatching) attemptToDelete(dependent.Identity.Uid);
            node.Identity = observed;
        }
        node.Observed = true;
    }

    private void UpdateOwners(GraphNode node, IReadOnlyList<OwnerReference> owners)
    {
        if (SameInOrder(node.Owners, owners)) return; // most updates (a pod's status): no set of owners to compare
        var before = node.Owners.ToDictionary(o => o.Uid, StringComparer.Ordinal);
        var after = owners.ToDictionary(o => o.Uid, StringComparer.Ordinal);
        var added = owners.Where(o => !before.ContainsKey(o.Uid)).ToList();
        var removed = node.Owners.Where(o => !after.ContainsKey(o.Uid)).ToList();
        var changed = owners.Where(o => before.TryGetValue(o.Uid, out var old) && old != o).ToList();
        if (added.Count == 0 && removed.Count == 0 && changed.Count == 0) return;

        // An owner waiting for this dependent may be unblocked by the removed or no-longer-blocking reference.
        foreach (var owner in removed.Concat(changed.Where(c => before[c.Uid].BlockOwnerDeletion && !c.BlockOwnerDeletion)))
        {
            if (_nodes.TryGetValue(owner.Uid, out var ownerNode) && ownerNode.DeletingDependents) attemptToDelete(owner.Uid);
        }
        node.Owners = owners;
        AddDependentToOwners(node, added);
        foreach (var owner in removed)
        {
            if (_nodes.TryGetValue(owner.Uid, out var ownerNode)) ownerNode.RemoveDependent(node);
        }
    }

    private static bool SameInOrder(IReadOnlyList<OwnerReference> before, IReadOnlyList<OwnerReference> after)
    {
        if (before.Count != after.Count) return false;
        for (var i = 0; i < before.Count; i++)
        {
            if (before[i] != after[i]) return false;
        }
        return true;
    }

    private void AddDependentToOwners(GraphNode node, IEnumerable<OwnerReference> owners)
    {
        var suspicious = false;
        foreach (var owner in owners)
        {
            if (!_nodes.TryGetValue(owner.Uid, out var ownerNode))
            {
                // Known only from this reference: the collector asks the API server whether it exists.
                ownerNode = new GraphNode(ObjectIdentity.Of(owner, node.Identity.Namespace), isVirtual: true);
                _nodes[owner.Uid] = ownerNode;
                ownerNode.AddDependent(node);
                attemptToDelete(owner.Uid);
                continue;
            }
            ownerNode.AddDependent(node);
            var ownerNamespaced = ownerNode.Identity.Namespace.Length > 0;
            if (ownerNamespaced && ownerNode.Identity.Namespace != node.Identity.Namespace) suspicious = true;
            else if (!owner.Matches(ownerNode.Identity)) suspicious = true;
            else if (!ownerNamespaced && node.Identity.Namespace.Length > 0 && !ownerNode.Observed) suspicious = true;
        }
        // A reference that disagrees with what the graph knows may dangle: the collector verifies it.
        if (suspicious) attemptToDelete(node.Identity.Uid);
    }

    private void ProcessTransitions(JsonObject? old, JsonObject obj, GraphNode node)
    {
        if (StartsWaitingFor(old, obj, OrphanFinalizer))
        {
            attemptToOrphan(node.Identity.Uid);
            return;
        }
        if (StartsWaitingFor(old, obj, ForegroundFinalizer))
        {
            node.DeletingDependents = true;
            foreach (var dependent in node.Dependents) attemptToDelete(dependent.Identity.Uid);
            attemptToDelete(node.Identity.Uid);
        }
    }

    private static bool StartsWaitingFor(JsonObject? old, JsonObject obj, string finalizer) =>
        ObjectMeta.IsBeingDeleted(obj) && ObjectMeta.Finalizers(obj).Contains(finalizer)
        && !(old is not null && ObjectMeta.IsBeingDeleted(old) && ObjectMeta.Finalizers(old).Contains(finalizer));

    private void ProcessDelete(GraphEvent e, GraphNode node)
    {
        if (e.Virtual && !VirtualDeleteRemoves(e.Identity, node)) return;
        _nodes.Remove(node.Identity.Uid);
        foreach (var owner in node.Owners)
        {
            if (_nodes.TryGetValue(owner.Uid, out var ownerNode)) ownerNode.RemoveDependent(node);
        }
        if (node.Dependents.Count > 0) absentOwners.Add(e.Identity);
        foreach (var dependent in node.Dependents) attemptToDelete(dependent.Identity.Uid);
        foreach (var owner in node.Owners)
        {
            // An owner deleted in the foreground may have been waiting for just this dependent.
            if (_nodes.TryGetValue(owner.Uid, out var ownerNode) && ownerNode.DeletingDependents) attemptToDelete(owner.Uid);
        }
    }

    /// <summary>
    /// Whether a virtual delete (the API server has no object at <paramref name="deleted"/>) removes the node. When
    /// dependents disagree on the owner's coordinates, only those naming the deleted coordinates are collected and
    /// a virtual node lives on under the coordinates the others use.
    /// </summary>
    private bool VirtualDeleteRemoves(ObjectIdentity deleted, GraphNode node)
    {
        var (matching, mismatching) = PartitionDependents(node, deleted);
        if (node.Virtual && mismatching.Count == 0) return true;
        if (!node.Virtual && node.Identity == deleted) return true;
        if (matching.Count > 0)
        {
            absentOwners.Add(deleted);
            foreach (var dependent in matching) attemptToDelete(dependent.Identity.Uid);
        }
        if (node.Virtual && node.Identity == deleted)
        {
            var alternative = mismatching.SelectMany(d => d.Owners.Where(o => o.Uid == deleted.Uid).Select(o => ObjectIdentity.Of(o, d.Identity.Namespace)))
                .Where(i => i != deleted).OrderBy(i => i.ToString(), StringComparer.Ordinal).FirstOrDefault();
            if (alternative is not null)
            {
                node.Identity = alternative;
                attemptToDelete(node.Identity.Uid);
            }
        }
        return false;
    }

    private static (List<GraphNode> Matching, List<GraphNode> Mismatching) PartitionDependents(GraphNode node, ObjectIdentity owner)
    {
        var matching = new List<GraphNode>();
        var mismatching = new List<GraphNode>();
        foreach (var dependent in node.Dependents)
        {
            var fits = (owner.Namespace.Length == 0 || dependent.Identity.Namespace == owner.Namespace)
                && dependent.Owners.Where(o => o.Uid == owner.Uid).All(o => o.Matches(owner));
            (fits ? matching : mismatching).Add(dependent);
        }
        return (matching, mismatching);
    }
}
