using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Wharf.Network.Proxy;

/// <summary>
/// Runs syncs when something changed: at once after a quiet spell, otherwise no sooner than
/// <see cref="ServiceProxyOptions.MinSyncInterval"/> after the previous start, so a burst becomes one batch. A failed
/// sync is retried with doubling delays; nothing escapes to the caller but cancellation.
/// </summary>
internal sealed class ProxyLoop(ProxySyncer syncer, ServiceProxyOptions options, TimeProvider time, ILogger logger)
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a sync; any number of calls before it starts make one.</summary>
    public void Trigger() => _signal.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken ct)
    {
        long? lastStart = null;
        var failures = 0;
        while (true)
        {
            await _signal.Reader.ReadAsync(ct);
            if (lastStart is { } previous && options.MinSyncInterval - time.GetElapsedTime(previous) is { Ticks: > 0 } wait)
                await Task.Delay(wait, time, ct);
            _signal.Reader.TryRead(out _); // changes seen while waiting are in this sync already
            lastStart = time.GetTimestamp();
            try
            {
                await syncer.SyncAsync(ct);
                failures = 0;
                if (syncer.HasPending) Trigger();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                failures++;
                var delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.InitialRetryDelay.Ticks << Math.Min(failures - 1, 20)));
                logger.SyncFailed(failures, delay, e);
                await Task.Delay(delay, time, ct);
                Trigger();
            }
        }
    }
}
