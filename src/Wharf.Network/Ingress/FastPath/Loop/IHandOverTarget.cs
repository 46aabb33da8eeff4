using System.Net.Sockets;

namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>Where a connection goes when the fast path does not serve its next request: Kestrel, through the listener that accepted it.</summary>
internal interface IHandOverTarget
{
    /// <param name="received">Bytes read from the client and not consumed, which Kestrel must see first.</param>
    void HandOver(Socket socket, byte[] received);
}
