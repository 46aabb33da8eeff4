using System.Collections.Concurrent;

namespace Wharf.Network.Ingress.Backends;

/// <summary>
/// Passive health: an endpoint that failed to accept a connection stays out of the rotation for a while, then gets
/// traffic again (a success is the only probe). Keyed by <c>address:port</c>, so it survives endpoint re-resolution.
/// </summary>
internal sealed class EndpointHealth(TimeSpan unhealthyPeriod, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unhealthyUntil = new();

    public void ReportFailure(Destination destination) =>
        _unhealthyUntil[destination.Endpoint] = time.GetUtcNow() + unhealthyPeriod;

    /// <summary>Called on every forwarded request: the lock-free look-up keeps the common case off the dictionary's locks.</summary>
    public void ReportSuccess(Destination destination)
    {
        if (_unhealthyUntil.ContainsKey(destination.Endpoint)) _unhealthyUntil.TryRemove(destination.Endpoint, out _);
    }

    public bool IsHealthy(Destination destination) =>
        !_unhealthyUntil.TryGetValue(destination.Endpoint, out var until) || until <= time.GetUtcNow();
}
