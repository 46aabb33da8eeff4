namespace Wharf.Controllers.Cloud;

/// <summary>A load balancer that cannot be provided as asked (a port taken, no node to serve it).</summary>
public sealed class LoadBalancerException(string message) : Exception(message);
