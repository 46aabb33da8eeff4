using System.Diagnostics;

namespace Wharf.Bench.Measurement;

/// <summary>
/// Drives one operation from N concurrent workers, each issuing its next request as soon as the previous one
/// answered (closed loop), either for a fixed time or until a shared count of operations is done.
/// A failing operation is counted and the worker carries on; the first error is kept for the report.
/// </summary>
internal static class LoadRunner
{
    /// <summary>The operation: worker index, that worker's sequence number (0, 1, …), token.</summary>
    public delegate Task Operation(int worker, long sequence, CancellationToken ct);

    public static Task<Throughput> RunForAsync(int workers, TimeSpan duration, Operation operation, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return RunAsync(workers, _ => Stopwatch.GetTimestamp() < deadline, operation, ct);
    }

    public static Task<Throughput> RunCountAsync(int workers, long total, Operation operation, CancellationToken ct)
    {
        long issued = 0;
        return RunAsync(workers, _ => Interlocked.Increment(ref issued) <= total, operation, ct);
    }

    private static async Task<Throughput> RunAsync(int workers, Func<int, bool> shouldContinue, Operation operation, CancellationToken ct)
    {
        long completed = 0, failed = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (long sequence = 0; shouldContinue(worker); sequence++)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    await operation(worker, sequence, ct);
                    Interlocked.Increment(ref completed);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        }, ct)));
        clock.Stop();
        return new Throughput(completed, failed, clock.Elapsed, firstError);
    }
}
