using Wharf.Client;
using Wharf.Client.Cache;

namespace Wharf.Controllers.Cloud.Local;

/// <summary>
/// Wharf's built-in provider for clusters without a cloud, like k3s': LoadBalancer Services are served on the nodes
/// themselves (<see cref="NodePortLoadBalancer"/>).
/// </summary>
public sealed class LocalCloudProvider(ControllerContext context) : ICloudProvider
{
    public string Name => "wharf";

    public ILoadBalancer? LoadBalancer { get; } = new NodePortLoadBalancer(context.Informers.ForResource(Resource.Services));
}
