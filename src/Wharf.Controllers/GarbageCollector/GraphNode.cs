namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// An object in the ownership graph. "Virtual" nodes exist only because a dependent names them as owner; they
/// become observed once an informer reports the object. Mutated only under <see cref="DependencyGraph"/>'s lock.
/// </summary>
internal sealed class GraphNode(ObjectIdentity identity, bool isVirtual)
{
    private HashSet<GraphNode>? _dependents;

    public ObjectIdentity Identity { get; set; } = identity;
    public IReadOnlyList<OwnerReference> Owners { get; set; } = [];

    /// <summary>The nodes that name this one as owner. Most objects own nothing: the set is made with the first.</summary>
    public IReadOnlyCollection<GraphNode> Dependents => (IReadOnlyCollection<GraphNode>?)_dependents ?? [];

    public bool Virtual { get; } = isVirtual;
    public bool Observed { get; set; }
    public bool BeingDeleted { get; set; }

    /// <summary>Deleted in the foreground: it waits (with the foregroundDeletion finalizer) for its dependents.</summary>
    public bool DeletingDependents { get; set; }

    public void AddDependent(GraphNode dependent) => (_dependents ??= []).Add(dependent);

    public void RemoveDependent(GraphNode dependent) => _dependents?.Remove(dependent);

    /// <summary>Dependents whose reference to this node blocks its deletion.</summary>
    public IEnumerable<GraphNode> BlockingDependents =>
        Dependents.Where(d => d.Owners.Any(o => o.Uid == Identity.Uid && o.BlockOwnerDeletion));
}
