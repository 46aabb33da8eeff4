using Wharf.Network.Proxy.Model;

namespace Wharf.Network.Proxy.Rules;

/// <summary>Which endpoints may take new connections, as upstream's proxies choose them.</summary>
internal static class EndpointSelection
{
    /// <summary>
    /// The ready endpoints; when none is ready, the ones still serving while terminating, so a rolling update of the
    /// last pod does not drop traffic.
    /// </summary>
    public static IReadOnlyList<ProxyEndpoint> Usable(IEnumerable<ProxyEndpoint> endpoints)
    {
        var list = endpoints as IReadOnlyList<ProxyEndpoint> ?? endpoints.ToList();
        var ready = list.Where(e => e.Ready).ToList();
        return ready.Count > 0 ? ready : list.Where(e => e.Serving && e.Terminating).ToList();
    }
}
