using System.Text.Json.Nodes;
using Wharf.Client.Cache;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>An index of pods by spec.nodeName, shared by the node lifecycle, taint eviction and pod GC controllers.</summary>
public static class PodsByNode
{
    public const string Name = "nodeName";

    public static void EnsureOn(ISharedIndexInformer pods)
    {
        lock (pods)
        {
            try
            {
                pods.AddIndexer(Name, pod => pod["spec"]?["nodeName"].Str() is { Length: > 0 } node ? [node] : []);
            }
            catch (InvalidOperationException)
            {
                // Another controller on this informer added it.
            }
        }
    }

    public static IReadOnlyList<JsonObject> On(ISharedIndexInformer pods, string node) => pods.Store.ByIndex(Name, node);

    public static string? NodeOf(JsonObject pod) => pod["spec"]?["nodeName"].Str() is { Length: > 0 } node ? node : null;
}
