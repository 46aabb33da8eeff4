namespace Wharf.Network.Ingress.Routing;

/// <summary>The backend a request goes to and the Ingress (<c>namespace/name</c>) that sent it there.</summary>
internal sealed record RouteMatch(IngressBackend Backend, string Ingress);
