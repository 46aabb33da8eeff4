namespace Wharf.Storage.Background;

/// <summary>
/// Runs a blocking pass every interval on a thread of its own until disposed: the pass may wait on the disk (fsync)
/// for tens of milliseconds, which on a thread-pool worker would hold back request processing on a small machine.
/// A failed pass is logged and retried with exponential backoff from the interval up to <see cref="MaxRetryDelay"/>
/// (or the interval, when longer), so a transient fault never stops the loop for good.
/// </summary>
internal sealed class PeriodicThread : IDisposable
{
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Action _pass;
    private readonly TimeSpan _interval;
    private readonly Action<int, TimeSpan, Exception> _onFailure;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    /// <param name="onFailure">Told of each failed pass: failures in a row, the delay before the next try, the exception.</param>
    public PeriodicThread(string name, TimeSpan interval, Action pass, Action<int, TimeSpan, Exception> onFailure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _pass = pass;
        _interval = interval;
        _onFailure = onFailure;
        _thread = new Thread(Run) { Name = name, IsBackground = true };
        _thread.Start();
    }

    /// <summary>Stops the loop and waits for a pass under way to end.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    internal static TimeSpan RetryDelay(int failures, TimeSpan interval) =>
        RetryBackoff.Delay(failures, interval, interval > MaxRetryDelay ? interval : MaxRetryDelay);

    private void Run()
    {
        var delay = _interval;
        var failures = 0;
        while (!_stop.Wait(delay))
        {
            try
            {
                _pass();
                failures = 0;
                delay = _interval;
            }
            catch (Exception exception)
            {
                failures++;
                delay = RetryDelay(failures, _interval);
                _onFailure(failures, delay, exception);
            }
        }
    }
}
