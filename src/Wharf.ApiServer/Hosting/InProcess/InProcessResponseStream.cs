using System.Buffers;
using System.IO.Pipelines;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// The response body as the client reads it, from the body pipe. Reads fail once the exchange is aborted (as on a
/// reset HTTP/2 stream); disposing it before the end aborts the request, which is how a client stops a watch.
/// </summary>
internal sealed class InProcessResponseStream(InProcessExchange exchange, PipeReader reader) : Stream
{
    private bool _ended;
    private bool _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended) return 0;
        while (true)
        {
            if (exchange.AbortReason is { } reason) throw Failure(reason);
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (e.CancellationToken == cancellationToken)
            {
                // A cancelled read leaves the body at an unknown point: as on an HTTP/2 stream, that ends the request.
                exchange.Abort(new OperationCanceledException(e.Message, e, cancellationToken));
                throw;
            }
            var data = result.Buffer;
            if (result.IsCanceled)
            {
                reader.AdvanceTo(data.Start);
                continue; // cancelled by the abort: fails above
            }
            if (data.IsEmpty && result.IsCompleted)
            {
                reader.AdvanceTo(data.End);
                _ended = true;
                return 0;
            }
            if (buffer.Length == 0)
            {
                reader.AdvanceTo(data.Start);
                return 0;
            }
            var count = (int)Math.Min(buffer.Length, data.Length);
            var taken = data.Slice(0, count);
            taken.CopyTo(buffer.Span);
            reader.AdvanceTo(taken.End);
            return count;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        // Straight from the pipe's buffers into the destination (how HttpClient buffers a whole answer).
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended) return;
        if (exchange.AbortReason is { } reason) throw Failure(reason);
        try
        {
            await reader.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (exchange.AbortReason is { } aborted)
        {
            throw Failure(aborted);
        }
        _ended = true;
    }

    /// <summary>What a read fails with after an abort: the client's own cancellation as such, anything else as a broken body.</summary>
    private static Exception Failure(Exception reason) => reason switch
    {
        OperationCanceledException cancelled => new OperationCanceledException(cancelled.Message, cancelled, cancelled.CancellationToken),
        HttpIOException io => new HttpIOException(io.HttpRequestError, io.Message, io.InnerException),
        _ => new HttpIOException(HttpRequestError.ResponseEnded, reason.Message, reason),
    };

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            exchange.ClientDone(readToEnd: _ended);
        }
        base.Dispose(disposing);
    }
}
