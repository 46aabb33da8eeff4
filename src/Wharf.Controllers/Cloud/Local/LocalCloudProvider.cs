using Wharf.Client;
using Wharf.Client.Cache;

namespace Wharf.Controllers.Cloud.Local;

/// <summary>
/// Wharf's built-in provider for clusters without a cloud, like k3s': LoadBalancer Services are served on the nodes
/// themselves (<see cref="NodePortLoadBalancer"/>). <paramref name="reservedTcpPorts"/> are node ports another built-in
/// component already serves (the ingress controller's 80 and 443), which no load balancer may take.
/// </summary>
public sealed class LocalCloudProvider(ControllerContext context, IReadOnlyDictionary<int, string>? reservedTcpPorts = null) : ICloudProvider
{
    public string Name => "wharf";

    public ILoadBalancer? LoadBalancer { get; } =
        new NodePortLoadBalancer(context.Informers.ForResource(Resource.Services), reservedTcpPorts ?? new Dictionary<int, string>());
}
