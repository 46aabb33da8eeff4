using Microsoft.Extensions.Logging;
using Wharf.Storage.Background;

namespace Wharf.Storage.Compaction;

/// <summary>
/// Runs a compaction pass every interval until disposed. A failed pass is logged and retried with
/// exponential backoff (starting at the smaller of one second and the interval, capped at the interval),
/// so a transient fault such as a full disk never stops compaction for good.
/// </summary>
internal sealed class BackgroundCompactor : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> _compactOnce;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public BackgroundCompactor(Func<CancellationToken, Task> compactOnce, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _compactOnce = compactOnce;
        _interval = interval;
        _time = time;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    internal static TimeSpan RetryDelay(int failures, TimeSpan interval) =>
        RetryBackoff.Delay(failures, interval < TimeSpan.FromSeconds(1) ? interval : TimeSpan.FromSeconds(1), interval);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _interval;
        var failures = 0;
        while (true)
        {
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                await _compactOnce(cancellationToken).ConfigureAwait(false);
                failures = 0;
                delay = _interval;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                delay = RetryDelay(failures, _interval);
                _logger.CompactionFailed(failures, delay, exception);
            }
        }
    }
}
