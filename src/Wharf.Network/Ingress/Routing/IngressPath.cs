namespace Wharf.Network.Ingress.Routing;

/// <summary>One <c>spec.rules[].http.paths[]</c> entry; <see cref="Host"/> is empty for a hostless rule.</summary>
internal sealed record IngressPath(string Host, string Path, PathKind Kind, IngressBackend Backend);
