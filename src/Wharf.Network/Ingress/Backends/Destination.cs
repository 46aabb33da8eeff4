using System.Net;

namespace Wharf.Network.Ingress.Backends;

/// <summary>
/// One ready endpoint of a backend: <c>address:port</c> as a key, the URL prefix YARP's forwarder sends to, and the
/// socket address the fast path connects to (a DNS name for ExternalName Services, resolved at connect time).
/// </summary>
internal sealed record Destination(string Endpoint, string Prefix, EndPoint Address)
{
    public static Destination For(string address, int port)
    {
        var host = address.Contains(':') ? $"[{address}]" : address;
        EndPoint socketAddress = IPAddress.TryParse(address, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(address, port);
        return new Destination($"{host}:{port}", $"http://{host}:{port}", socketAddress);
    }
}
