using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Endpoints;

/// <summary>A Service's equality-based pod selector, and the services of a pod.</summary>
internal static class ServiceSelector
{
    /// <summary>The selector, or null for a service without one (its endpoints are someone else's business).</summary>
    public static IReadOnlyDictionary<string, string>? Of(JsonObject service)
    {
        if (service["spec"]?["selector"] is not JsonObject { Count: > 0 } selector) return null;
        return selector.ToDictionary(p => p.Key, p => p.Value.Str() ?? "", StringComparer.Ordinal);
    }

    public static bool Matches(IReadOnlyDictionary<string, string> selector, JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return selector.All(s => labels?[s.Key].Str() == s.Value);
    }

    /// <summary>Keys of the services in the pod's namespace that select it.</summary>
    public static IEnumerable<string> ServicesOf(IIndexer services, JsonObject pod)
    {
        if (ObjectMeta.Namespace(pod) is not { } ns) yield break;
        foreach (var service in services.ByIndex(Indexers.Namespace, ns))
        {
            if (Of(service) is { } selector && Matches(selector, pod)) yield return CacheKeys.For(service);
        }
    }

    /// <summary>The pods in the service's namespace that it selects.</summary>
    public static IEnumerable<JsonObject> PodsOf(IIndexer pods, JsonObject service, IReadOnlyDictionary<string, string> selector) =>
        pods.ByIndex(Indexers.Namespace, ObjectMeta.Namespace(service) ?? "").Where(p => Matches(selector, p));

    public static bool IsHeadless(JsonObject service) => service["spec"]?["clusterIP"].Str() == "None";

    public static bool IsExternalName(JsonObject service) => service["spec"]?["type"].Str() == "ExternalName";
}
