using System.Threading.Channels;

namespace Wharf.Node.Spdy;

/// <summary>
/// One stream of a <see cref="SpdyConnection"/>. Received data is queued until read; the read side ends at the
/// peer's FIN, at RST_STREAM or when the connection goes away. Writes go straight to the shared transport.
/// </summary>
public sealed class SpdyStream
{
    private readonly Channel<ReadOnlyMemory<byte>> _incoming = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SpdyFrameWriter _writer;
    private readonly TaskCompletionSource<IReadOnlyDictionary<string, string>> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SpdyStream(uint id, IReadOnlyDictionary<string, string> headers, SpdyFrameWriter writer)
    {
        Id = id;
        Headers = headers;
        _writer = writer;
    }

    public uint Id { get; }

    /// <summary>The headers of the SYN_STREAM that opened the stream.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    internal Task<IReadOnlyDictionary<string, string>> Reply => _reply.Task;

    /// <summary>The next received chunk; empty once the peer is done sending.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        while (await _incoming.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_incoming.Reader.TryRead(out var chunk) && !chunk.IsEmpty)
                return chunk;
        }
        return ReadOnlyMemory<byte>.Empty;
    }

    /// <summary>Reads everything up to the peer's FIN.</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        while (await ReadAsync(cancellationToken) is { IsEmpty: false } chunk)
            all.Write(chunk.Span);
        return all.ToArray();
    }

    public Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        data.IsEmpty ? Task.CompletedTask : _writer.DataAsync(Id, data, fin: false, cancellationToken);

    /// <summary>Half-closes the stream: an empty DATA frame with FIN.</summary>
    public Task CloseWriteAsync(CancellationToken cancellationToken) => _writer.DataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken);

    public Task ResetAsync(uint status, CancellationToken cancellationToken)
    {
        EndRead();
        return _writer.RstStreamAsync(Id, status, cancellationToken);
    }

    internal void Deliver(ReadOnlyMemory<byte> data) => _incoming.Writer.TryWrite(data);

    internal void EndRead() => _incoming.Writer.TryComplete();

    internal void Replied(IReadOnlyDictionary<string, string> headers) => _reply.TrySetResult(headers);

    internal void Refused(string reason)
    {
        _reply.TrySetException(new SpdyProtocolException(reason));
        EndRead();
    }
}
