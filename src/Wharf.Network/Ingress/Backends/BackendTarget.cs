namespace Wharf.Network.Ingress.Backends;

/// <summary>The resolved endpoints of one Ingress backend, with the round-robin cursor shared by its requests.</summary>
internal sealed class BackendTarget(BackendState state, IReadOnlyList<Destination> destinations)
{
    private int _cursor = -1;

    public BackendState State => state;

    public IReadOnlyList<Destination> Destinations => destinations;

    public static BackendTarget Failed(BackendState state) => new(state, []);

    /// <summary>A start position that moves by one per call, so requests spread evenly.</summary>
    public int NextStart() => (int)((uint)Interlocked.Increment(ref _cursor) % (uint)Math.Max(1, destinations.Count));
}
