using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// One client connection on the fast path: reads request heads, forwards each to an endpoint of its route on a
/// pooled backend connection, and streams the response back, until the client closes, the server stops, or a
/// request needs Kestrel (then the connection is handed over with that request unread).
/// </summary>
internal sealed class ProxyConnection
{
    private const int MaxAttempts = 3;

    /// <summary>Kestrel's default keep-alive timeout, for a client that sends nothing.</summary>
    private const long KeepAliveMs = 130_000;

    /// <summary>As the YARP handler's ActivityTimeout: a backend or client that moves no byte for this long is cut.</summary>
    private const long ActivityMs = 100_000;

    private const int BodyBuffer = 16 * 1024;

    private readonly FastPathProxy _proxy;
    private readonly ConnectionContext _connection;
    private readonly RequestHead _request = new();
    private readonly ResponseHead _response = new();
    private readonly ChunkedBodyScanner _chunks = new();
    private readonly ArrayBufferWriter<byte> _upstreamHead = new(1024);
    private readonly ArrayBufferWriter<byte> _clientHead = new(1024);
    private readonly byte[] _forwardedHeaders;
    private long _deadline = long.MaxValue;
    private volatile UpstreamConnection? _upstream;
    private volatile bool _closeRequested;
    private volatile bool _waitingForRequest;

    public ProxyConnection(FastPathProxy proxy, ConnectionContext connection)
    {
        _proxy = proxy;
        _connection = connection;
        _forwardedHeaders = ForwardedHeaders(connection);
    }

    public async Task RunAsync(ConnectionDelegate next)
    {
        var input = _connection.Transport.Input;
        var handOver = false;
        _proxy.Track(this);
        var closing = _connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            .Register(static self => ((ProxyConnection)self!).RequestClose(), this);
        var closed = _connection.ConnectionClosed.Register(static self => ((ProxyConnection)self!)._upstream?.Dispose(), this);
        try
        {
            while (!_closeRequested)
            {
                SetDeadline(KeepAliveMs);
                _waitingForRequest = true;
                var read = await input.ReadAsync();
                _waitingForRequest = false;
                var buffer = read.Buffer;
                if (read.IsCanceled || buffer.IsEmpty) return;
                _upstreamHead.ResetWrittenCount();
                var status = buffer.IsSingleSegment ? _request.Parse(buffer.FirstSpan, _upstreamHead) : HeadStatus.Unsupported;
                if (status == HeadStatus.Incomplete)
                {
                    if (read.IsCompleted) return;
                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }
                var (match, target) = status == HeadStatus.Parsed ? Route() : default;
                if (match is null || target is null)
                {
                    // Unread, so Kestrel parses this request itself.
                    input.AdvanceTo(buffer.Start);
                    handOver = true;
                    break;
                }
                _upstreamHead.Write(_forwardedHeaders);
                input.AdvanceTo(buffer.GetPosition(_request.Length));
                if (!await ServeAsync(match, target)) return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ConnectionAbortedException or ObjectDisposedException or OperationCanceledException)
        {
            // The client or the server cut the connection; Kestrel closes what is left.
            return;
        }
        finally
        {
            closing?.Dispose();
            closed.Dispose();
            _proxy.Untrack(this);
        }
        if (handOver) await next(_connection);
    }

    /// <summary>Aborts the connection when it has been waiting longer than its current phase allows.</summary>
    public void AbortIfExpired(long now)
    {
        if (now <= Volatile.Read(ref _deadline)) return;
        _connection.Abort(new ConnectionAbortedException("ingress fast path: idle timeout"));
        _upstream?.Dispose();
    }

    /// <summary>The server is stopping: finish the request in flight, or stop waiting for the next one.</summary>
    private void RequestClose()
    {
        _closeRequested = true;
        if (_waitingForRequest) _connection.Transport.Input.CancelPendingRead();
    }

    /// <summary>The route and its endpoints, or nulls when Kestrel's handler must answer (404, 503, HTTPS redirect).</summary>
    private (RouteMatch? Match, BackendTarget? Target) Route()
    {
        var config = _proxy.State.Current;
        if (_proxy.HttpsPort > 0 && config.Tls.HasTls(_request.Host)) return default;
        if (config.Routes.Match(_request.Host, _request.Path) is not { } match) return default;
        var target = _proxy.Resolve(match.Backend);
        return target.Destinations.Count == 0 ? default : (match, target);
    }

    /// <returns>Whether the connection stays open for another request.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ServeAsync(RouteMatch match, BackendTarget target)
    {
        var started = Stopwatch.GetTimestamp();
        // Left as it is only when the client went away before any answer: nginx's "client closed request".
        var status = 499;
        try
        {
            Destination[] tried = [];
            while (tried.Length < MaxAttempts && EndpointPicker.Pick(target, _proxy.Health, tried) is { } destination)
            {
                var outcome = await ExchangeAsync(destination);
                if (outcome == Outcome.ConnectFailed)
                {
                    _proxy.Health.ReportFailure(destination);
                    Log.ConnectFailed(_proxy.Logger, match.Ingress, destination.Endpoint);
                    tried = [.. tried, destination];
                    continue;
                }
                status = _response.Status;
                if (outcome == Outcome.Aborted)
                {
                    _connection.Abort(new ConnectionAbortedException("ingress fast path: response broke off"));
                    return false;
                }
                if (outcome == Outcome.Served)
                {
                    _proxy.Health.ReportSuccess(destination);
                    return !_request.Close && _response.Framing != BodyFraming.UntilClose;
                }
                break;
            }
            status = 502;
            return await BadGatewayAsync();
        }
        finally
        {
            _proxy.Metrics.Observe(match, status, Stopwatch.GetElapsedTime(started));
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome> ExchangeAsync(Destination destination)
    {
        var upstream = _proxy.Pool.TakeIdle(destination);
        while (true)
        {
            if (upstream is null)
            {
                try
                {
                    upstream = await _proxy.Pool.ConnectAsync(destination, _connection.ConnectionClosed);
                }
                catch (Exception e) when (e is SocketException or TimeoutException)
                {
                    return Outcome.ConnectFailed;
                }
            }
            _upstream = upstream;
            var outcome = await ExchangeOnAsync(upstream, destination);
            _upstream = null;
            if (outcome != Outcome.Stale) return outcome;
            // The backend had closed the pooled connection before reading the request: send it on a new one.
            upstream = null;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome> ExchangeOnAsync(UpstreamConnection upstream, Destination destination)
    {
        SetDeadline(ActivityMs);
        try
        {
            await upstream.SendAsync(_upstreamHead.WrittenMemory);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            upstream.Dispose();
            return upstream.Reused ? Outcome.Stale : Outcome.BadGateway;
        }

        var received = false;
        while (true)
        {
            _clientHead.ResetWrittenCount();
            var head = upstream.HasData ? _response.Parse(upstream.Data, _request.IsHead, _request.Close || _closeRequested, _clientHead) : HeadStatus.Incomplete;
            if (head == HeadStatus.Parsed)
            {
                upstream.Consume(_response.Length);
                if (_response.IsInterim) continue;
                break;
            }
            if (head == HeadStatus.Unsupported || await ReceiveAsync(upstream, ResponseHead.MaxLength) <= 0)
            {
                upstream.Dispose();
                return upstream.Reused && !received && head == HeadStatus.Incomplete ? Outcome.Stale : Outcome.BadGateway;
            }
            received = true;
        }

        var output = _connection.Transport.Output;
        output.Write(_clientHead.WrittenSpan);
        if (!await RelayBodyAsync(upstream, output))
        {
            upstream.Dispose();
            return Outcome.Aborted;
        }
        if (_response.Reusable && !upstream.HasData) _proxy.Pool.Return(destination, upstream);
        else upstream.Dispose();
        var flush = await output.FlushAsync();
        return flush.IsCompleted || flush.IsCanceled ? Outcome.Aborted : Outcome.Served;
    }

    /// <returns>Whether the whole body reached the client's pipe.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> RelayBodyAsync(UpstreamConnection upstream, PipeWriter output)
    {
        switch (_response.Framing)
        {
            case BodyFraming.ContentLength:
                var remaining = _response.ContentLength;
                while (true)
                {
                    remaining -= Pass(upstream, output, (int)Math.Min(remaining, int.MaxValue));
                    if (remaining == 0) return true;
                    if (!await FlushAsync(output) || await ReceiveAsync(upstream, BodyBuffer) <= 0) return false;
                }
            case BodyFraming.Chunked:
                _chunks.Reset();
                while (true)
                {
                    var length = _chunks.Scan(upstream.Data);
                    if (length < 0) return false;
                    Pass(upstream, output, length);
                    if (_chunks.IsDone) return true;
                    if (!await FlushAsync(output) || await ReceiveAsync(upstream, BodyBuffer) <= 0) return false;
                }
            case BodyFraming.UntilClose:
                while (true)
                {
                    Pass(upstream, output, int.MaxValue);
                    if (!await FlushAsync(output)) return false;
                    var received = await ReceiveAsync(upstream, BodyBuffer);
                    if (received == 0) return true;
                    if (received < 0) return false;
                }
            default:
                return true;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> received bytes to the client's pipe.</summary>
    private static int Pass(UpstreamConnection upstream, PipeWriter output, int max)
    {
        var data = upstream.Data;
        if (data.Length > max) data = data[..max];
        output.Write(data);
        upstream.Consume(data.Length);
        return data.Length;
    }

    /// <returns>False when the client is gone.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FlushAsync(PipeWriter output)
    {
        SetDeadline(ActivityMs);
        var flush = await output.FlushAsync();
        return !flush.IsCompleted && !flush.IsCanceled;
    }

    /// <returns>Bytes received; 0 when the backend closed; -1 on a socket error or a full buffer.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveAsync(UpstreamConnection upstream, int maxBuffered)
    {
        SetDeadline(ActivityMs);
        try
        {
            return await upstream.ReceiveAsync(maxBuffered);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return -1;
        }
    }

    /// <summary>No endpoint answered: an empty 502, as YARP's forwarder gives.</summary>
    private async ValueTask<bool> BadGatewayAsync()
    {
        var keep = !_request.Close && !_closeRequested;
        var output = _connection.Transport.Output;
        output.Write(keep ? "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"u8 : "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8);
        var flush = await output.FlushAsync();
        return keep && !flush.IsCompleted;
    }

    private void SetDeadline(long milliseconds) => Volatile.Write(ref _deadline, Environment.TickCount64 + milliseconds);

    /// <summary>The forwarded headers that are the same for every request of a connection, and the head's blank line.</summary>
    private static byte[] ForwardedHeaders(ConnectionContext connection)
    {
        var text = new StringBuilder("X-Forwarded-Proto: http\r\n");
        if (connection.LocalEndPoint is IPEndPoint local) text.Append("X-Forwarded-Port: ").Append(local.Port).Append("\r\n");
        if (connection.RemoteEndPoint is IPEndPoint { Address: var remote })
        {
            var client = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            text.Append("X-Forwarded-For: ").Append(client).Append("\r\nX-Real-IP: ").Append(client).Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }
}
