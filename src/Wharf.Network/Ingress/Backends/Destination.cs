namespace Wharf.Network.Ingress.Backends;

/// <summary>One ready endpoint of a backend: <c>address:port</c> as a key, and the URL prefix the forwarder sends to.</summary>
internal sealed record Destination(string Endpoint, string Prefix)
{
    public static Destination For(string address, int port)
    {
        var host = address.Contains(':') ? $"[{address}]" : address;
        return new Destination($"{host}:{port}", $"http://{host}:{port}");
    }
}
