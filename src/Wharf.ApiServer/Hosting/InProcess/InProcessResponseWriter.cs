using System.IO.Pipelines;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// The response body as the pipeline writes it: the body pipe's writer, except that the first flush (or write)
/// starts the response, so the client has status and headers before the first byte, and that once the exchange is
/// aborted flushes no longer wait for a client that is gone.
/// </summary>
internal sealed class InProcessResponseWriter(InProcessExchange exchange, PipeWriter inner) : PipeWriter
{
    private static readonly FlushResult Gone = new(isCanceled: false, isCompleted: true);
    private bool _completed;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (exchange.AbortReason is not null) return new ValueTask<FlushResult>(Gone);
        if (!exchange.HasStarted) return StartThenFlushAsync(cancellationToken);
        return FlushInnerAsync(cancellationToken);
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (exchange.AbortReason is not null) return new ValueTask<FlushResult>(Gone);
        if (!exchange.HasStarted) return StartThenWriteAsync(source, cancellationToken);
        return inner.WriteAsync(source, cancellationToken);
    }

    /// <summary>
    /// Completing the body ends the response, as HttpResponse.CompleteAsync would: the rest of it reaches the client.
    /// </summary>
    public override void Complete(Exception? exception = null)
    {
        if (exception is not null) exchange.Abort(new HttpIOException(HttpRequestError.ResponseEnded, "the API server failed while writing the response", exception));
        else _ = exchange.CompleteAsync();
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is null) return new ValueTask(exchange.CompleteAsync());
        Complete(exception);
        return ValueTask.CompletedTask;
    }

    /// <summary>The end of the body: what the server wrote reaches the client, then the end of the stream.</summary>
    internal async Task CompleteInnerAsync()
    {
        if (_completed) return;
        _completed = true;
        if (exchange.AbortReason is null) await inner.FlushAsync().ConfigureAwait(false);
        await inner.CompleteAsync().ConfigureAwait(false);
    }

    private async ValueTask<FlushResult> StartThenFlushAsync(CancellationToken ct)
    {
        await exchange.StartAsync(ct).ConfigureAwait(false);
        return await FlushInnerAsync(ct).ConfigureAwait(false);
    }

    private async ValueTask<FlushResult> StartThenWriteAsync(ReadOnlyMemory<byte> source, CancellationToken ct)
    {
        await exchange.StartAsync(ct).ConfigureAwait(false);
        return await inner.WriteAsync(source, ct).ConfigureAwait(false);
    }

    private async ValueTask<FlushResult> FlushInnerAsync(CancellationToken ct)
    {
        var result = await inner.FlushAsync(ct).ConfigureAwait(false);
        // A flush released by the abort reads as the client having gone, not as a cancelled flush.
        return result.IsCanceled && exchange.AbortReason is not null ? Gone : result;
    }
}
