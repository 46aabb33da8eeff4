namespace Wharf.Network.Ingress.Routing;

/// <summary>A service backend of an Ingress: the service port is given by number or by name, never both.</summary>
internal sealed record IngressBackend(string Namespace, string Service, int? PortNumber, string? PortName)
{
    public override string ToString() => $"{Namespace}/{Service}:{(PortNumber?.ToString() ?? PortName)}";
}
