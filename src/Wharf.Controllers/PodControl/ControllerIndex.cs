using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Meta;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// Indexes dependents (pods, ReplicaSets) by the UID of their controller, and orphans by namespace, so a sync reads
/// its own objects and the adoptable ones instead of scanning the namespace (upstream's PodControllerUIDIndex).
/// </summary>
public static class ControllerIndex
{
    public const string Name = "controllerUid";

    private const string OrphanPrefix = "orphan:";

    /// <summary>Adds the index once; several controllers share one informer and each asks for it.</summary>
    public static void EnsureOn(ISharedIndexInformer informer)
    {
        lock (informer)
        {
            try
            {
                informer.AddIndexer(Name, Index);
            }
            catch (InvalidOperationException)
            {
                // Already there: another controller on this informer added it.
            }
        }
    }

    public static IEnumerable<string> Index(JsonObject obj)
    {
        if (OwnerReferences.ControllerOf(obj)?["uid"].Str() is { Length: > 0 } uid) return [uid];
        return [OrphanPrefix + (ObjectMeta.Namespace(obj) ?? "")];
    }

    /// <summary>Objects controlled by <paramref name="ownerUid"/> plus the orphans of its namespace: the candidates of a claim.</summary>
    public static IReadOnlyList<JsonObject> OwnedAndOrphans(IIndexer store, string ns, string ownerUid) =>
        [.. store.ByIndex(Name, ownerUid), .. store.ByIndex(Name, OrphanPrefix + ns)];

    public static IReadOnlyList<JsonObject> Orphans(IIndexer store, string ns) => store.ByIndex(Name, OrphanPrefix + ns);
}
