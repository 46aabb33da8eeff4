using System.Net.WebSockets;

namespace Wharf.Node.Agent.Server;

/// <summary>Copies bytes both ways between two connections until either side ends, then ends both.</summary>
internal static class ByteRelay
{
    public static async Task RunAsync(Stream a, Stream b, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(CopyAsync(a, b, linked.Token), CopyAsync(b, a, linked.Token));
        await linked.CancelAsync();
    }

    /// <summary>
    /// A WebSocket that carries a byte stream (port-forward's tunnelled SPDY): message boundaries mean nothing, each
    /// received binary message is appended to the stream and each chunk read from <paramref name="other"/> goes out as one.
    /// </summary>
    public static async Task RunAsync(WebSocket socket, Stream other, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = linked.Token;

        async Task FromSocketAsync()
        {
            var buffer = new byte[32 * 1024];
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, ct);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    await other.WriteAsync(buffer.AsMemory(0, result.Count), ct);
                    await other.FlushAsync(ct);
                }
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
            {
            }
        }

        async Task ToSocketAsync()
        {
            var buffer = new byte[32 * 1024];
            try
            {
                int read;
                while ((read = await other.ReadAsync(buffer, ct)) > 0)
                    await socket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, endOfMessage: true, ct);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
            {
            }
        }

        await Task.WhenAny(FromSocketAsync(), ToSocketAsync());
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
        }
    }
}
