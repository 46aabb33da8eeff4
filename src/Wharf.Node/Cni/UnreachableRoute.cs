using Wharf.Node.Host;

namespace Wharf.Node.Cni;

/// <summary>
/// Keeps the cluster CIDR on this machine: an <c>unreachable</c> route for it means a packet to a pod address that no
/// more specific route (the node's bridge, later other nodes) claims fails with "No route to host" instead of leaving
/// through the default route. Install it before the first pod.
/// </summary>
public sealed class UnreachableRoute(string cidr, string ipPath = "/usr/sbin/ip")
{
    public string Cidr { get; } = cidr;

    public async Task EnsureAsync(CancellationToken cancellationToken) =>
        (await ProcessRunner.RunAsync(ipPath, ["route", "replace", "unreachable", Cidr], cancellationToken))
            .EnsureSuccess($"ip route replace unreachable {Cidr}");

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ipPath, ["route", "show", "type", "unreachable", Cidr], cancellationToken);
        return result.Succeeded && result.StandardOutput.Contains(Cidr.Split('/')[0], StringComparison.Ordinal);
    }

    /// <summary>Removes the route; a missing route is not an error.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        if (await ExistsAsync(cancellationToken))
            (await ProcessRunner.RunAsync(ipPath, ["route", "del", "unreachable", Cidr], cancellationToken))
                .EnsureSuccess($"ip route del unreachable {Cidr}");
    }
}
