namespace Wharf.Network.Ingress.Backends;

/// <summary>Round-robin over a backend's endpoints, skipping unhealthy ones unless nothing else is left.</summary>
internal static class EndpointPicker
{
    /// <returns>The next endpoint not yet <paramref name="tried"/> by this request, or null when all were.</returns>
    public static Destination? Pick(BackendTarget target, EndpointHealth health, IReadOnlyCollection<Destination> tried)
    {
        var all = target.Destinations;
        if (all.Count == 0) return null;
        var start = target.NextStart();
        Destination? fallback = null;
        for (var i = 0; i < all.Count; i++)
        {
            var candidate = all[(start + i) % all.Count];
            if (tried.Contains(candidate)) continue;
            if (health.IsHealthy(candidate)) return candidate;
            fallback ??= candidate;
        }
        return fallback;
    }
}
