using System.Text.Json.Nodes;

namespace Wharf.Controllers.Cloud;

/// <summary>A provider's load balancers, as cloud-provider's LoadBalancer interface describes them.</summary>
public interface ILoadBalancer
{
    /// <summary>
    /// Creates or updates the load balancer of <paramref name="service"/> over <paramref name="nodes"/> and returns its
    /// <c>status.loadBalancer</c>; throws <see cref="LoadBalancerException"/> when it cannot be had (the message
    /// ends up in a SyncLoadBalancerFailed event).
    /// </summary>
    Task<JsonObject> EnsureAsync(JsonObject service, IReadOnlyList<JsonObject> nodes, CancellationToken ct);

    /// <summary>Removes the service's load balancer; one that does not exist is not an error.</summary>
    Task EnsureDeletedAsync(JsonObject service, CancellationToken ct);
}
