using System.Net;
using Microsoft.AspNetCore.Http;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>The backend URL of a proxied request: scheme, address and port, then the path after <c>/proxy</c> and the query.</summary>
internal static class ProxyTarget
{
    public static Uri Uri(string scheme, string host, int port, string path, HttpContext http)
    {
        var authority = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        return new Uri($"{scheme}://{authority}:{port}{(path.Length == 0 ? "/" : path)}{http.Request.QueryString}");
    }
}
