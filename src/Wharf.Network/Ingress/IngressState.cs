namespace Wharf.Network.Ingress;

/// <summary>
/// Holds the current <see cref="IngressConfig"/>. Swapping the reference is the whole hot reconfiguration:
/// listeners and connections stay up, and a request in flight finishes with the snapshot it read.
/// </summary>
internal sealed class IngressState(IngressConfig initial)
{
    private volatile IngressConfig _current = initial;

    public IngressConfig Current => _current;

    public void Publish(IngressConfig config) => _current = config;
}
