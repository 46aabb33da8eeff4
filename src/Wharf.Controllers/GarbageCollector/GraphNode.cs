namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// An object in the ownership graph. "Virtual" nodes exist only because a dependent names them as owner; they
/// become observed once an informer reports the object. Mutated only under <see cref="DependencyGraph"/>'s lock.
/// </summary>
internal sealed class GraphNode(ObjectIdentity identity, bool isVirtual)
{
    public ObjectIdentity Identity { get; set; } = identity;
    public IReadOnlyList<OwnerReference> Owners { get; set; } = [];
    public HashSet<GraphNode> Dependents { get; } = [];
    public bool Virtual { get; } = isVirtual;
    public bool Observed { get; set; }
    public bool BeingDeleted { get; set; }

    /// <summary>Deleted in the foreground: it waits (with the foregroundDeletion finalizer) for its dependents.</summary>
    public bool DeletingDependents { get; set; }

    /// <summary>Dependents whose reference to this node blocks its deletion.</summary>
    public IEnumerable<GraphNode> BlockingDependents =>
        Dependents.Where(d => d.Owners.Any(o => o.Uid == Identity.Uid && o.BlockOwnerDeletion));
}
