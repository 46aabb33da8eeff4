namespace Wharf.Network.Ingress.Routing;

/// <summary>One <c>spec.tls[]</c> entry: the hosts a Secret in the Ingress's namespace serves.</summary>
internal sealed record IngressTls(IReadOnlyList<string> Hosts, string? SecretName);
