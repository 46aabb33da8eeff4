using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>
/// Forwards one request to a node agent over a fresh connection, as upstream's UpgradeAwareHandler does: the
/// protocol-negotiation headers of an upgrade (WebSocket or SPDY) go through; if the agent switches protocols the
/// client's connection is upgraded with the agent's answer headers and the two are joined byte for byte; any other
/// answer is copied to the client with its status and streamed body (<c>logs -f</c> stays open until either ends).
/// </summary>
public static class UpgradeAwareProxy
{
    private static readonly string[] UpgradeHeaders =
    [
        "Upgrade", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "X-Stream-Protocol-Version",
    ];

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length",
    };

    public static async Task ProxyAsync(HttpContext http, Stream backend, string host, string pathAndQuery, CancellationToken cancellationToken)
    {
        var upgrade = http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } feature ? feature : null;
        await backend.WriteAsync(RequestHead(http.Request, host, pathAndQuery, upgrade is not null), cancellationToken);
        await backend.FlushAsync(cancellationToken);
        var answer = await BackendResponseHead.ReadAsync(backend, cancellationToken);

        if (answer.Status == StatusCodes.Status101SwitchingProtocols && upgrade is not null)
        {
            foreach (var (name, value) in answer.Headers)
            {
                if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                    http.Response.Headers.Append(name, value);
            }
            await using var client = await upgrade.UpgradeAsync();
            await JoinAsync(client, backend, cancellationToken);
            return;
        }

        http.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            if (!HopByHop.Contains(name))
                http.Response.Headers.Append(name, value);
        }
        // The agent's bodies end when it closes the connection; each chunk goes on at once (logs -f).
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await http.Response.StartAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await backend.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
        }
    }

    private static byte[] RequestHead(HttpRequest request, string host, string pathAndQuery, bool upgrade)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{request.Method} {pathAndQuery} HTTP/1.1\r\nHost: {host}\r\n");
        if (upgrade)
        {
            head.Append("Connection: Upgrade\r\n");
            foreach (var name in UpgradeHeaders)
            {
                foreach (var value in request.Headers[name])
                    head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }
        else
        {
            head.Append("Connection: close\r\n");
        }
        head.Append("\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    private static async Task JoinAsync(Stream client, Stream backend, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(CopyAsync(client, backend, linked.Token), CopyAsync(backend, client, linked.Token));
        await linked.CancelAsync();
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await to.FlushAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side closed; the other is closed by the caller.
        }
    }
}
