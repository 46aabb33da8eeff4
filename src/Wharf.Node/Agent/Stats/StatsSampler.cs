using Microsoft.Extensions.Logging;

namespace Wharf.Node.Agent.Stats;

/// <summary>
/// Collects a round of stats every interval (10 s, like cadvisor's housekeeping) so that requests are answered
/// from memory and CPU rates have two readings to work from, instead of each request sleeping between two. A request
/// before the first round collects one on the spot (without rates).
/// </summary>
internal sealed partial class StatsSampler(StatsCollector collector, TimeSpan interval, ILogger logger, TimeProvider time)
{
    private readonly CpuRateTracker _rates = new();
    private readonly SemaphoreSlim _round = new(1, 1);
    private StatsSnapshot? _latest;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await SampleAsync(cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The runtime may be restarting; the next round tries again.
                    LogSampleFailed(logger, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The latest round, or a fresh one if none has completed yet.</summary>
    public async Task<StatsSnapshot> LatestAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _latest) ?? await SampleAsync(cancellationToken);

    public async Task<StatsSnapshot> SampleAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            var snapshot = _rates.WithRates(await collector.CollectAsync(cancellationToken));
            Volatile.Write(ref _latest, snapshot);
            return snapshot;
        }
        finally
        {
            _round.Release();
        }
    }

    [LoggerMessage(EventId = 12450, Level = LogLevel.Warning, Message = "Collecting node and pod stats failed: {Message}")]
    private static partial void LogSampleFailed(ILogger logger, string message);
}
