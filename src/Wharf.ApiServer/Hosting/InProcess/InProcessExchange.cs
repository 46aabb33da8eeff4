using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// One in-process request from the server's side: the response features the pipeline writes to, and the
/// <see cref="HttpResponseMessage"/> the client gets once the response starts (first flush, or the end of a request
/// that never flushed). The body runs through a pipe, so a watch reaches the client event by event as the server
/// flushes, and a large LIST waits for the client instead of piling up. The request is aborted (RequestAborted
/// fires) when the client cancels or drops the response before its end, or when the server stops.
/// </summary>
internal sealed class InProcessExchange : IHttpResponseFeature, IHttpResponseBodyFeature, IHttpRequestLifetimeFeature
{
    /// <summary>How much unread body a response may hold before the server's flushes wait for the client.</summary>
    private static readonly PipeOptions BodyPipe = new(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);

    private readonly HttpRequestMessage _request;
    private readonly Pipe _body = new(BodyPipe);
    private readonly InProcessResponseWriter _writer;
    private readonly TaskCompletionSource<HttpResponseMessage> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _aborted = new();
    private Stream? _stream;
    private CallbackList? _onStarting;
    private CallbackList? _onCompleted;
    private CancellationTokenRegistration _clientCancelled;
    private CancellationTokenRegistration _serverStopping;
    private Exception? _abortReason;

    public InProcessExchange(HttpRequestMessage request)
    {
        _request = request;
        _writer = new InProcessResponseWriter(this, _body.Writer);
        RequestAborted = _aborted.Token;
    }

    /// <summary>The client's answer, complete when the response starts (or fails before it does).</summary>
    public Task<HttpResponseMessage> Response => _response.Task;

    /// <summary>Why the exchange was aborted, or null: what the client's reads fail with from then on.</summary>
    public Exception? AbortReason => Volatile.Read(ref _abortReason);

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public bool HasStarted { get; private set; }

    Stream IHttpResponseFeature.Body
    {
        get => Stream;
        set => _stream = value;
    }

    public Stream Stream => _stream ??= _writer.AsStream(leaveOpen: true);

    public PipeWriter Writer => _writer;

    /// <summary>Fires on an abort from either side; middleware may replace it (a request timeout links its own).</summary>
    public CancellationToken RequestAborted { get; set; }

    /// <summary>Aborts the request when the client cancels its call or the server stops.</summary>
    public void AbortWith(CancellationToken client, CancellationToken stopping)
    {
        if (client.CanBeCanceled)
            _clientCancelled = client.UnsafeRegister(static (state, token) => ((InProcessExchange)state!).Abort(new OperationCanceledException(token)), this);
        _serverStopping = stopping.UnsafeRegister(static state =>
            ((InProcessExchange)state!).Abort(new HttpIOException(HttpRequestError.ConnectionError, "the API server is shutting down")), this);
    }

    public void OnStarting(Func<object, Task> callback, object state) =>
        (_onStarting ??= new CallbackList()).Add(callback, state);

    public void OnCompleted(Func<object, Task> callback, object state) =>
        (_onCompleted ??= new CallbackList()).Add(callback, state);

    public void DisableBuffering()
    {
        // Nothing is buffered beyond what the server has not flushed yet.
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted) return Task.CompletedTask;
        if (_onStarting is null)
        {
            Publish();
            return Task.CompletedTask;
        }
        return StartWithCallbacksAsync();
    }

    private async Task StartWithCallbacksAsync()
    {
        var callbacks = _onStarting!;
        _onStarting = null;
        await callbacks.RunAsync(throwOnError: true).ConfigureAwait(false);
        Publish();
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await StartAsync().ConfigureAwait(false);
        await _writer.CompleteInnerAsync().ConfigureAwait(false);
    }

    /// <summary>An abort by the server's own code (HttpContext.Abort): the client's reads fail as on a reset stream.</summary>
    public void Abort() => Abort(new HttpIOException(HttpRequestError.ResponseEnded, "the API server aborted the request"));

    /// <summary>
    /// Aborts from either side, any thread: RequestAborted fires, the client's pending call or read fails with
    /// <paramref name="reason"/>, and a server flush waiting for the client returns (writes after this go nowhere).
    /// </summary>
    public void Abort(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _abortReason, reason, null) is not null) return;
        if (reason is OperationCanceledException cancelled) _response.TrySetCanceled(cancelled.CancellationToken);
        else _response.TrySetException(new HttpRequestException((reason as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown, reason.Message, reason));
        _body.Writer.CancelPendingFlush();
        _body.Reader.CancelPendingRead();
        // The server's cancellation callbacks run on the thread pool, as Kestrel runs them: not on the client's
        // thread that dropped the response, nor inside the caller's cancellation.
        ThreadPool.UnsafeQueueUserWorkItem(static aborted => aborted.Cancel(), _aborted, preferLocal: false);
    }

    /// <summary>The client is done with the body (read to its end or dropped early).</summary>
    public void ClientDone(bool readToEnd)
    {
        if (!readToEnd) Abort(new OperationCanceledException("the client dropped the response before its end"));
        _body.Reader.Complete();
    }

    /// <summary>The pipeline failed before it could run at all: the client's call fails.</summary>
    public void Fail(Exception error) =>
        _response.TrySetException(new HttpRequestException(HttpRequestError.Unknown, "the API server could not take the request", error));

    /// <summary>
    /// The end of the request, after the pipeline returned: the rest of the body reaches the client, or, when the
    /// pipeline threw, the client gets Kestrel's answer to that (an empty 500 before the response started, a broken
    /// body after).
    /// </summary>
    public async Task FinishAsync(Exception? error)
    {
        try
        {
            if (error is null)
            {
                try
                {
                    await CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (!HasStarted)
                {
                    error = e; // an OnStarting callback threw
                }
            }
            if (error is not null && !HasStarted)
            {
                StatusCode = StatusCodes.Status500InternalServerError;
                ReasonPhrase = null;
                Headers.Clear();
                Headers.ContentLength = 0;
                _onStarting = null;
                Publish(withBody: false);
                _body.Writer.Complete();
                _body.Reader.Complete();
            }
            else if (error is not null)
                _body.Writer.Complete(new HttpIOException(HttpRequestError.ResponseEnded, "the API server failed while writing the response", error));
        }
        finally
        {
            _clientCancelled.Unregister();
            _serverStopping.Unregister();
            if (_onCompleted is { } completed) await completed.RunAsync(throwOnError: false).ConfigureAwait(false);
        }
    }

    /// <summary>Freezes status and headers into the client's answer.</summary>
    private void Publish(bool withBody = true)
    {
        HasStarted = true;
        HttpContent content = withBody ? new StreamContent(new InProcessResponseStream(this, _body.Reader)) : new ByteArrayContent([]);
        var response = new HttpResponseMessage((HttpStatusCode)StatusCode)
        {
            RequestMessage = _request,
            Version = HttpVersion.Version20,
            Content = content,
        };
        if (ReasonPhrase is not null) response.ReasonPhrase = ReasonPhrase;
        foreach (var (name, values) in Headers)
        {
            // Content-Type, Content-Length and the like belong to the content's headers, the rest to the response's.
            if (values.Count == 1)
            {
                if (!response.Headers.TryAddWithoutValidation(name, values[0])) content.Headers.TryAddWithoutValidation(name, values[0]);
            }
            else if (!response.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        if (!_response.TrySetResult(response)) response.Dispose();
    }
}
