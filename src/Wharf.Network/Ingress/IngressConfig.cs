using Wharf.Network.Ingress.Routing;
using Wharf.Network.Ingress.Tls;

namespace Wharf.Network.Ingress;

/// <summary>One consistent view of routes and certificates; replaced whole, never changed.</summary>
internal sealed record IngressConfig(RouteTable Routes, TlsTable Tls);
