using Wharf.Node.Host;

namespace Wharf.Node.Agent.Network;

/// <summary>
/// A <c>local</c> route in the local table for the service CIDR: a connection to a service IP that no NAT rule
/// handles is refused on this machine at once instead of leaving through the default route.
/// </summary>
public sealed class LocalRoute(string cidr, string ipPath = "/usr/sbin/ip")
{
    public string Cidr { get; } = cidr;

    public async Task EnsureAsync(CancellationToken cancellationToken) =>
        (await ProcessRunner.RunAsync(ipPath, ["route", "replace", "local", Cidr, "dev", "lo", "table", "local"], cancellationToken))
            .EnsureSuccess($"ip route replace local {Cidr} dev lo table local");

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ipPath, ["route", "show", "table", "local", "type", "local", Cidr], cancellationToken);
        return result.Succeeded && result.StandardOutput.Contains(Cidr.Split('/')[0], StringComparison.Ordinal);
    }

    /// <summary>Removes the route; a missing route is not an error.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        if (await ExistsAsync(cancellationToken))
            (await ProcessRunner.RunAsync(ipPath, ["route", "del", "local", Cidr, "dev", "lo", "table", "local"], cancellationToken))
                .EnsureSuccess($"ip route del local {Cidr}");
    }
}
