using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Network.Tests.Ingress.FastPath;

/// <summary>
/// A raw HTTP/1.1 backend on a loopback port: records every request head it reads and answers with what
/// <see cref="Respond"/> returns for it, written in the given pieces (a short pause between them, <see cref="PieceDelay"/>, so they arrive as
/// separate reads). <see cref="CloseAfterResponse"/> closes the connection after each answer.
/// </summary>
internal sealed class ScriptedBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public ScriptedBackend()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Requests { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    public Func<string, string[]> Respond { get; set; } = head => [$"HTTP/1.1 200 OK\r\nContent-Length: {Path(head).Length}\r\n\r\n{Path(head)}"];

    public bool CloseAfterResponse { get; set; }

    public TimeSpan PieceDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The request target of a recorded head.</summary>
    public static string Path(string head) => head.Split(' ')[1];

    private async Task AcceptAsync()
    {
        var serving = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                serving.Add(ServeAsync(socket));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(serving);
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var buffer = new byte[64 * 1024];
        var pending = "";
        try
        {
            while (true)
            {
                int end;
                while ((end = pending.IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (read == 0) return;
                    pending += Encoding.Latin1.GetString(buffer, 0, read);
                }
                var head = pending[..(end + 4)];
                pending = pending[(end + 4)..];
                Requests.Enqueue(head);
                var pieces = Respond(head);
                for (var i = 0; i < pieces.Length; i++)
                {
                    if (i > 0) await Task.Delay(PieceDelay, _stop.Token);
                    await socket.SendAsync(Encoding.Latin1.GetBytes(pieces[i]), SocketFlags.None, _stop.Token);
                }
                if (CloseAfterResponse) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
    }
}
