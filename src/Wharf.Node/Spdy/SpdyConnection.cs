using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Wharf.Node.Spdy;

/// <summary>
/// A SPDY/3.1 session over an upgraded HTTP connection, as Kubernetes' streaming protocols use it: the client
/// opens streams (odd ids) with SYN_STREAM and waits for SYN_REPLY; the server accepts them. No flow control is
/// enforced (neither side of Kubernetes' spdystream does), PINGs from the peer are echoed, GOAWAY ends the session.
/// </summary>
public sealed class SpdyConnection : IAsyncDisposable
{
    private readonly Stream _transport;
    private readonly SpdyFrameReader _reader;
    private readonly SpdyFrameWriter _writer;
    private readonly bool _isClient;
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();
    private readonly Channel<SpdyStream> _accepted = Channel.CreateUnbounded<SpdyStream>();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private int _nextStreamId;

    private SpdyConnection(Stream transport, bool isClient)
    {
        _transport = transport;
        _isClient = isClient;
        _reader = new SpdyFrameReader(transport);
        _writer = new SpdyFrameWriter(transport);
        _nextStreamId = isClient ? 1 : 2;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Starts a session over <paramref name="transport"/>; the connection owns it from now on.</summary>
    public static SpdyConnection Start(Stream transport, bool isClient) => new(transport, isClient);

    /// <summary>Completes when the peer closed the connection (or it failed); every stream's read side has ended then.</summary>
    public Task Completion => _readLoop;

    public async Task<SpdyStream> OpenStreamAsync(IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var id = (uint)Interlocked.Add(ref _nextStreamId, 2) - 2;
        var stream = new SpdyStream(id, headers, _writer);
        _streams[id] = stream;
        if (_readLoop.IsCompleted)
            stream.Refused("the connection is closed");
        await _writer.SynStreamAsync(id, headers, fin: false, cancellationToken);
        await stream.Reply.WaitAsync(cancellationToken);
        return stream;
    }

    /// <summary>The next stream the peer opened (already answered with SYN_REPLY); null once the session is over.</summary>
    public async ValueTask<SpdyStream?> AcceptStreamAsync(CancellationToken cancellationToken)
    {
        while (await _accepted.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_accepted.Reader.TryRead(out var stream))
                return stream;
        }
        return null;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _reader.ReadAsync(_closing.Token) is { } frame)
                await HandleAsync(frame);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The transport went away; streams end below.
        }
        finally
        {
            foreach (var stream in _streams.Values)
                stream.Refused("the connection closed");
            _accepted.Writer.TryComplete();
        }
    }

    private async Task HandleAsync(SpdyFrame frame)
    {
        switch (frame.Kind)
        {
            case SpdyFrameKind.Data:
                if (_streams.TryGetValue(frame.StreamId, out var target))
                {
                    if (!frame.Data.IsEmpty) target.Deliver(frame.Data);
                    if (frame.Fin) target.EndRead();
                }
                break;
            case SpdyFrameKind.SynStream:
                var opened = new SpdyStream(frame.StreamId, frame.Headers, _writer);
                _streams[frame.StreamId] = opened;
                opened.Replied(frame.Headers);
                await _writer.SynReplyAsync(frame.StreamId, new Dictionary<string, string>(), fin: false, _closing.Token);
                if (frame.Fin) opened.EndRead();
                _accepted.Writer.TryWrite(opened);
                break;
            case SpdyFrameKind.SynReply:
                if (_streams.TryGetValue(frame.StreamId, out var replied))
                {
                    replied.Replied(frame.Headers);
                    if (frame.Fin) replied.EndRead();
                }
                break;
            case SpdyFrameKind.RstStream:
                if (_streams.TryRemove(frame.StreamId, out var reset))
                    reset.Refused($"stream {frame.StreamId} reset by the peer (status {frame.Value})");
                break;
            case SpdyFrameKind.Ping:
                // Our own pings come back with our parity; only the peer's are echoed.
                if ((frame.Value % 2 == 1) != _isClient)
                    await _writer.PingAsync(frame.Value, _closing.Token);
                break;
            case SpdyFrameKind.GoAway:
                await _closing.CancelAsync();
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _transport.DisposeAsync();
        await _readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _reader.Dispose();
        _writer.Dispose();
        _closing.Dispose();
    }
}
