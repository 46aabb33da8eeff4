using System.Net;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// An address for Kestrel to listen on through <see cref="FastPathTransport"/> (a type of its own, so Kestrel's socket
/// transport leaves it alone): the fast path owns the listening socket and passes Kestrel the connections it does not serve.
/// </summary>
internal sealed class FastPathEndPoint(IPEndPoint address) : EndPoint
{
    public IPEndPoint Address { get; } = address;

    public override System.Net.Sockets.AddressFamily AddressFamily => Address.AddressFamily;

    public override string ToString() => Address.ToString();
}
