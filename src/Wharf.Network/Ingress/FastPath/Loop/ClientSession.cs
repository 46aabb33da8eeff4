using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>
/// One client connection on a fast-path loop, driven by readiness events on its own socket and on the backend
/// socket it uses: reads request heads, forwards each to an endpoint of its route on a pooled backend connection,
/// and copies the response back with its framing followed, all on the loop's thread. The first request it does not
/// serve (a body, an upgrade, an escaped path, no route, no endpoint, a TLS redirect, anything malformed) goes with
/// the connection, unread, to Kestrel's HTTP pipeline and the YARP handler, which serve it and the rest of the
/// connection with the full behaviour.
/// </summary>
internal sealed class ClientSession : IPollable
{
    private const int MaxAttempts = 3;

    /// <summary>Kestrel's default keep-alive timeout, for a client that sends nothing.</summary>
    private const long KeepAliveMs = 130_000;

    /// <summary>As the YARP handler's ActivityTimeout: a backend or client that moves no byte for this long is cut.</summary>
    private const long ActivityMs = 100_000;

    private const int BodyBuffer = 16 * 1024;

    /// <summary>Response bytes held for a slow client before the backend is read again.</summary>
    private const int MaxUnsent = 64 * 1024;

    private readonly FastPathWorker _worker;
    private readonly IHandOverTarget _handOver;
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly long _registration;
    private readonly byte[] _forwardedHeaders;
    private readonly ByteQueue _received = new(4096);
    private readonly ByteQueue _toBackend = new(1024);
    private readonly ByteQueue _toClient = new(4096);
    private readonly RequestHead _request = new();
    private readonly ResponseHead _response = new();
    private readonly ChunkedBodyScanner _chunks = new();
    private Phase _phase = Phase.Request;
    private bool _readable;
    private bool _peerClosed;
    private long _deadline;

    // The request in flight.
    private RouteMatch? _match;
    private BackendTarget? _target;
    private Destination[] _tried = [];
    private BackendSocket? _backend;
    private int _headSent;
    private bool _responseBytesSeen;
    private long _started;
    private int _status;
    private long _remaining;
    private bool _keepAlive;

    public ClientSession(FastPathWorker worker, Socket socket, IHandOverTarget handOver)
    {
        _worker = worker;
        _socket = socket;
        _handOver = handOver;
        _fd = (int)socket.Handle;
        _forwardedHeaders = ForwardedHeaders(socket);
        SetDeadline(KeepAliveMs);
        _registration = worker.Loop.Register(_fd, this);
        if (_registration < 0) throw new SocketException(-(int)_registration);
    }

    private enum Phase
    {
        /// <summary>Waiting for (the rest of) a request head.</summary>
        Request,
        Connecting,
        SendingHead,
        ResponseHead,
        Body,

        /// <summary>The response is complete and being written out; then the next request, or the end.</summary>
        Flushing,
        Closed,
    }

    private FastPathProxy Proxy => _worker.Proxy;

    public void OnEvents(uint events)
    {
        if ((events & (Libc.EpollIn | Libc.EpollRdHup | Libc.EpollHup | Libc.EpollErr)) != 0) _readable = true;
        if ((events & (Libc.EpollRdHup | Libc.EpollHup | Libc.EpollErr)) != 0) _peerClosed = true;
        // A reset or a full close while the backend works: nobody will read the answer.
        if ((events & (Libc.EpollHup | Libc.EpollErr)) != 0 && _phase is not (Phase.Request or Phase.Closed))
        {
            Abort();
            return;
        }
        Drive();
    }

    public void Fail(Exception error) => Abort();

    /// <summary>Advances the connection as far as the sockets allow without waiting.</summary>
    public void Drive()
    {
        try
        {
            while (Step())
            {
            }
        }
        catch (Exception e)
        {
            Log.ConnectionFailed(Proxy.Logger, e);
            Abort();
        }
    }

    /// <summary>The server is stopping: stop waiting for the next request; one in flight is answered, with <c>Connection: close</c>.</summary>
    public void Drain()
    {
        if (_phase == Phase.Request) Close();
    }

    /// <summary>Cuts the connection when its current phase has waited longer than it may.</summary>
    public void CheckDeadline(long now)
    {
        if (now <= _deadline) return;
        if (_phase == Phase.Connecting)
        {
            // A connect that timed out counts as refused: the next endpoint is tried.
            ConnectFailed();
            Drive();
        }
        else if (_phase == Phase.Request) Close();
        else Abort();
    }

    /// <returns>Whether to go on at once (false: wait for the next event).</returns>
    private bool Step() => _phase switch
    {
        Phase.Request => ReadRequest(),
        Phase.Connecting => FinishConnect(),
        Phase.SendingHead => SendHead(),
        Phase.ResponseHead => ReadResponseHead(),
        Phase.Body => RelayBody(),
        Phase.Flushing => Flush(),
        _ => false,
    };

    private bool ReadRequest()
    {
        if (!_received.IsEmpty)
        {
            _toBackend.Clear();
            var head = _request.Parse(_received.Data, _toBackend);
            if (head == HeadStatus.Parsed && Route() is var (match, target) && match is not null && target is not null)
            {
                Begin(match, target);
                return true;
            }
            if (head != HeadStatus.Incomplete)
            {
                HandOver();
                return false;
            }
        }
        if (_worker.Draining || (_peerClosed && !_readable))
        {
            Close();
            return false;
        }
        if (!_readable) return false;
        var space = _received.FreeSpace(RequestHead.MaxLength + 1024);
        if (space.IsEmpty)
        {
            HandOver(); // Kestrel answers the oversized head
            return false;
        }
        var received = Libc.Recv(_fd, space);
        if (received > 0)
        {
            _received.Advance(received);
            if (received < space.Length && !_peerClosed) _readable = false;
            return true;
        }
        if (received == -Libc.EAgain)
        {
            _readable = false;
            return false;
        }
        Close(); // end of input, or the connection broke
        return false;
    }

    /// <summary>The route and its endpoints, or nulls when Kestrel's handler must answer (404, 503, HTTPS redirect, a name to resolve).</summary>
    private (RouteMatch? Match, BackendTarget? Target) Route()
    {
        var config = Proxy.State.Current;
        if (Proxy.HttpsPort > 0 && config.Tls.HasTls(_request.Host)) return default;
        if (config.Routes.Match(_request.Host, _request.Path) is not { } match) return default;
        var target = Proxy.Resolve(match.Backend);
        var destinations = target.Destinations;
        if (destinations.Count == 0) return default;
        for (var i = 0; i < destinations.Count; i++)
            if (destinations[i].Address is not IPEndPoint) return default;
        return (match, target);
    }

    private void Begin(RouteMatch match, BackendTarget target)
    {
        _toBackend.Write(_forwardedHeaders);
        _received.Consume(_request.Length);
        _match = match;
        _target = target;
        _tried = [];
        _started = Stopwatch.GetTimestamp();
        // Left as it is only when the client goes away before any answer: nginx's "client closed request".
        _status = 499;
        NextEndpoint();
    }

    /// <summary>Sends the request to the next endpoint not tried yet, or answers 502 when none is left.</summary>
    private void NextEndpoint()
    {
        if (_tried.Length >= MaxAttempts || EndpointPicker.Pick(_target!, Proxy.Health, _tried) is not { } destination)
        {
            BadGateway();
            return;
        }
        _backend = _worker.Pool.TakeIdle(destination, this);
        if (_backend is not null) StartSending();
        else Connect(destination);
    }

    private void Connect(Destination destination)
    {
        _responseBytesSeen = false;
        _backend = BackendSocket.Connect(_worker.Loop, destination, this);
        if (_backend is null)
        {
            Refused(destination);
            return;
        }
        _phase = Phase.Connecting;
        SetDeadline((long)Proxy.ConnectTimeout.TotalMilliseconds);
    }

    private bool FinishConnect()
    {
        if (!_backend!.ConnectSettled) return false;
        if (_backend.ConnectError() != 0)
        {
            ConnectFailed();
            return _phase != Phase.Connecting;
        }
        StartSending();
        return true;
    }

    private void ConnectFailed()
    {
        var destination = _backend!.Destination;
        _backend.Close();
        _backend = null;
        Refused(destination);
    }

    private void Refused(Destination destination)
    {
        Proxy.Health.ReportFailure(destination);
        Log.ConnectFailed(Proxy.Logger, _match!.Ingress, destination.Endpoint);
        _tried = [.. _tried, destination];
        NextEndpoint();
    }

    private void StartSending()
    {
        _phase = Phase.SendingHead;
        _headSent = 0;
        _responseBytesSeen = false;
        SetDeadline(ActivityMs);
    }

    private bool SendHead()
    {
        // Kept whole until the response head came, in case a stale connection makes it go again on a new one.
        var sent = _backend!.Send(_toBackend.Data[_headSent..]);
        if (sent == -Libc.EAgain) return false;
        if (sent < 0)
        {
            BackendBroke();
            return true;
        }
        _headSent += sent;
        if (_headSent < _toBackend.Length) return true;
        _phase = Phase.ResponseHead;
        return true;
    }

    private bool ReadResponseHead()
    {
        var backend = _backend!;
        if (!backend.Received.IsEmpty)
        {
            _toClient.Clear();
            var head = _response.Parse(backend.Received.Data, _request.IsHead, _request.Close || _worker.Draining, _toClient);
            if (head == HeadStatus.Parsed)
            {
                backend.Received.Consume(_response.Length);
                if (_response.IsInterim)
                {
                    _toClient.Clear();
                    return true;
                }
                _status = _response.Status;
                _remaining = _response.ContentLength;
                _chunks.Reset();
                _phase = Phase.Body;
                return true;
            }
            if (head == HeadStatus.Unsupported)
            {
                _toClient.Clear();
                backend.Close();
                _backend = null;
                BadGateway();
                return true;
            }
        }
        if (!backend.Readable) return false;
        var received = backend.Receive(ResponseHead.MaxLength + 1);
        if (received > 0)
        {
            _responseBytesSeen = true;
            SetDeadline(ActivityMs);
            return true;
        }
        if (received == -Libc.EAgain) return false;
        BackendBroke();
        return true;
    }

    /// <summary>
    /// The backend connection failed before a whole response head came: a pooled one that had been closed before
    /// it read anything is replaced by a new one to the same endpoint, anything else is a 502.
    /// </summary>
    private void BackendBroke()
    {
        var backend = _backend!;
        var stale = backend.Reused && !_responseBytesSeen;
        backend.Close();
        _backend = null;
        if (stale) Connect(backend.Destination);
        else BadGateway();
    }

    private bool RelayBody()
    {
        var backend = _backend!;
        var data = backend.Received.Data;
        bool done;
        switch (_response.Framing)
        {
            case BodyFraming.ContentLength:
                var take = (int)Math.Min(_remaining, data.Length);
                _toClient.Write(data[..take]);
                backend.Received.Consume(take);
                _remaining -= take;
                done = _remaining == 0;
                break;
            case BodyFraming.Chunked:
                var length = _chunks.Scan(data);
                if (length < 0)
                {
                    Abort();
                    return false;
                }
                _toClient.Write(data[..length]);
                backend.Received.Consume(length);
                done = _chunks.IsDone;
                break;
            case BodyFraming.UntilClose:
                _toClient.Write(data);
                backend.Received.Consume(data.Length);
                done = false;
                break;
            default:
                done = true;
                break;
        }
        if (done)
        {
            Finish();
            return true;
        }

        // More body to come: what is here goes to the client first, and a client that takes too little is waited for.
        if (!SendToClient() && (_phase == Phase.Closed || _toClient.Length >= MaxUnsent)) return false;
        if (!backend.Readable) return false;
        var received = backend.Receive(BodyBuffer);
        if (received > 0)
        {
            SetDeadline(ActivityMs);
            return true;
        }
        if (received == -Libc.EAgain) return false;
        if (received == 0 && _response.Framing == BodyFraming.UntilClose)
        {
            Finish();
            return true;
        }
        Abort(); // the body broke off: the client must not take it for whole
        return false;
    }

    /// <summary>The whole response is in <see cref="_toClient"/> or sent: the backend connection goes back to the pool.</summary>
    private void Finish()
    {
        var backend = _backend!;
        _backend = null;
        if (_response.Reusable && backend.Received.IsEmpty && !backend.PeerClosed) _worker.Pool.Return(backend);
        else backend.Close();
        Proxy.Health.ReportSuccess(backend.Destination);
        _keepAlive = !_request.Close && _response.Framing != BodyFraming.UntilClose;
        Proxy.Metrics.Observe(_match, _status, Stopwatch.GetElapsedTime(_started));
        _match = null;
        _phase = Phase.Flushing;
    }

    /// <summary>No endpoint answered: an empty 502, as YARP's forwarder gives.</summary>
    private void BadGateway()
    {
        _status = 502;
        _keepAlive = !_request.Close && !_worker.Draining;
        _toClient.Clear();
        _toClient.Write(_keepAlive ? "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"u8 : "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8);
        Proxy.Metrics.Observe(_match, _status, Stopwatch.GetElapsedTime(_started));
        _match = null;
        _phase = Phase.Flushing;
    }

    private bool Flush()
    {
        if (!SendToClient()) return false;
        if (!_keepAlive || _worker.Draining)
        {
            Close();
            return false;
        }
        _phase = Phase.Request;
        SetDeadline(KeepAliveMs);
        return true;
    }

    /// <summary>Sends until all is sent or the socket takes no more (then its next output event drives the session again).</summary>
    /// <returns>False when the client takes no more for now, or is gone (the connection is then aborted).</returns>
    private bool SendToClient()
    {
        while (!_toClient.IsEmpty)
        {
            var sent = Libc.Send(_fd, _toClient.Data);
            if (sent == -Libc.EAgain) return false;
            if (sent < 0)
            {
                Abort();
                return false;
            }
            _toClient.Consume(sent);
            SetDeadline(ActivityMs);
        }
        return true;
    }

    /// <summary>Gives the connection to Kestrel with the bytes not yet consumed, which start the request it will parse.</summary>
    private void HandOver()
    {
        _phase = Phase.Closed;
        _worker.Loop.Detach(_registration, _fd);
        _worker.Remove(this);
        _handOver.HandOver(_socket, _received.Data.ToArray());
    }

    /// <summary>Ends the connection between requests.</summary>
    private void Close()
    {
        if (_phase == Phase.Closed) return;
        _phase = Phase.Closed;
        _backend?.Close();
        _backend = null;
        _worker.Remove(this);
        _worker.Loop.Forget(_registration);
        _socket.Dispose();
    }

    /// <summary>Cuts the connection in the middle of an exchange; the request is counted with what the client got.</summary>
    private void Abort()
    {
        if (_phase == Phase.Closed) return;
        if (_match is not null) Proxy.Metrics.Observe(_match, _status, Stopwatch.GetElapsedTime(_started));
        _match = null;
        Close();
    }

    private void SetDeadline(long milliseconds) => _deadline = Environment.TickCount64 + milliseconds;

    /// <summary>The forwarded headers that are the same for every request of a connection, and the head's blank line.</summary>
    private static byte[] ForwardedHeaders(Socket socket)
    {
        var text = new StringBuilder("X-Forwarded-Proto: http\r\n");
        if (socket.LocalEndPoint is IPEndPoint local) text.Append("X-Forwarded-Port: ").Append(local.Port).Append("\r\n");
        if (socket.RemoteEndPoint is IPEndPoint { Address: var remote })
        {
            var client = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            text.Append("X-Forwarded-For: ").Append(client).Append("\r\nX-Real-IP: ").Append(client).Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }
}
