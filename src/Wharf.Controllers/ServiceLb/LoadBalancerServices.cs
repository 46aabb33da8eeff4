using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.ServiceLb;

/// <summary>Which Services and Nodes the service load-balancer controller deals with (upstream's predicates).</summary>
internal static class LoadBalancerServices
{
    /// <summary>Put on a Service while it has a load balancer, so its deletion waits for the clean-up.</summary>
    public const string CleanupFinalizer = "service.kubernetes.io/load-balancer-cleanup";

    public const string ExcludeNodeLabel = "node.kubernetes.io/exclude-from-external-load-balancers";

    private const string ToBeDeletedTaint = "ToBeDeletedByClusterAutoscaler";

    /// <summary>Type LoadBalancer without a loadBalancerClass: a class names another implementation.</summary>
    public static bool WantsLoadBalancer(JsonObject service) =>
        service["spec"]?["type"].Str() == "LoadBalancer" && service["spec"]?["loadBalancerClass"].Str() is null;

    public static bool HasCleanupFinalizer(JsonObject service) => ObjectMeta.Finalizers(service).Contains(CleanupFinalizer);

    /// <summary>Nodes a load balancer may send traffic to: not excluded by label, not being removed by an autoscaler.</summary>
    public static bool IsEligibleNode(JsonObject node) =>
        ObjectMeta.Label(node, ExcludeNodeLabel) is null
        && !(node["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().Any(t => t["key"].Str() == ToBeDeletedTaint);
}
