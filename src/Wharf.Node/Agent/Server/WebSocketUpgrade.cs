using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Node.Agent.Server;

/// <summary>The server side of the WebSocket opening handshake (RFC 6455 section 4.2) on a raw connection.</summary>
internal static class WebSocketUpgrade
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static bool IsWebSocket(HttpRequestHead request) =>
        request.IsUpgrade("websocket") && request.Header("Sec-WebSocket-Key") is { Length: > 0 };

    /// <summary>The first protocol the client offers that the server supports, or null.</summary>
    public static string? ChooseProtocol(HttpRequestHead request, IReadOnlyCollection<string> supported) =>
        request.HeaderValues("Sec-WebSocket-Protocol").FirstOrDefault(supported.Contains);

    public static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + AcceptGuid)));

    /// <summary>Answers 101 with the chosen protocol echoed and returns the server end of the WebSocket.</summary>
    public static async Task<WebSocket> AcceptAsync(Stream connection, HttpRequestHead request, string protocol, CancellationToken cancellationToken)
    {
        await HttpResponseWriter.WriteHeadAsync(connection, 101, "Switching Protocols", [
            new("Upgrade", "websocket"),
            new("Connection", "Upgrade"),
            new("Sec-WebSocket-Accept", AcceptKey(request.Header("Sec-WebSocket-Key")!)),
            new("Sec-WebSocket-Protocol", protocol),
        ], cancellationToken);
        return WebSocket.CreateFromStream(connection, new WebSocketCreationOptions
        {
            // The protocol was agreed in the 101 above; .NET's validation would refuse "SPDY/3.1+portforward.k8s.io".
            IsServer = true,
            KeepAliveInterval = TimeSpan.FromSeconds(30),
        });
    }

    /// <summary>Receives one whole message; null when the peer closed.</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Payload)?> ReceiveMessageAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return (result.MessageType, message.ToArray());
        }
    }
}
