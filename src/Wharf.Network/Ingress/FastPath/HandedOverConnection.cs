using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// A connection the fast path gives to Kestrel after reading part of it: its input starts with the bytes already
/// read, then continues with what the socket receives, copied over by a small pump (handed-over connections are the
/// rare ones: bodies, upgrades, errors).
/// </summary>
internal static class HandedOverConnection
{
    public static ConnectionContext Create(ConnectionContext connection, byte[] received)
    {
        if (received.Length == 0) return connection;
        var socketInput = connection.Transport.Input;
        var input = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        input.Writer.Write(received);
        connection.Transport = new DuplexPipe(input.Reader, connection.Transport.Output);
        _ = PumpAsync(socketInput, input.Writer);
        return connection;
    }

    private static async Task PumpAsync(PipeReader from, PipeWriter to)
    {
        Exception? error = null;
        try
        {
            var flush = await to.FlushAsync();
            while (!flush.IsCompleted)
            {
                var read = await from.ReadAsync();
                foreach (var segment in read.Buffer) to.Write(segment.Span);
                from.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled) break;
                flush = await to.FlushAsync();
            }
        }
        catch (Exception e)
        {
            // Reset or aborted: Kestrel's reader sees the same error it would have seen on the socket's pipe.
            error = e;
        }
        await to.CompleteAsync(error);
        await from.CompleteAsync();
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
