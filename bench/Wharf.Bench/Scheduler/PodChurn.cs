using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// upstream scheduler_perf's <c>churn</c> op in create mode: one pod of <see cref="PodBatch.Shape"/> every interval
/// in the batch's namespace, from <see cref="Start"/> until disposal. In PreemptionAsync these are the high-priority
/// preemptors that interleave with the measured pods.
/// </summary>
internal sealed class PodChurn : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _created;
    private int _failed;

    private PodChurn(IApiClient client, PodBatch batch, TimeSpan interval) => _running = RunAsync(client, batch, interval, _stop.Token);

    public int Created => Volatile.Read(ref _created);

    /// <summary>Creates that the API server refused or that failed in transit (a churn pod is not retried).</summary>
    public int Failed => Volatile.Read(ref _failed);

    public static PodChurn? Start(IApiClient client, PodBatch? batch, TimeSpan interval) =>
        batch is null ? null : new PodChurn(client, batch, interval);

    private async Task RunAsync(IApiClient client, PodBatch batch, TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        var i = 0;
        try
        {
            do
            {
                try
                {
                    await client.CreateAsync(Resource.Pods, batch.Namespace, PodTemplates.Pod(batch.Shape, $"churn-{i++}"), ct);
                    Interlocked.Increment(ref _created);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref _failed);
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }
}
