using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Wharf.Node.Agent.Network;

/// <summary>
/// Runs each <see cref="NodeNetworkService"/> and restarts one that fails or returns early, with a doubling delay
/// (1 s to 30 s), so that a broken DNS listener or a failing nft run never takes the rest of the agent down.
/// </summary>
internal sealed partial class NetworkServiceSupervisor(IReadOnlyList<NodeNetworkService> services, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan InitialDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public Task RunAsync(NodeNetworkInfo network, CancellationToken ct) =>
        Task.WhenAll(services.Select(s => Task.Run(() => SuperviseAsync(s, network, ct), ct)));

    private async Task SuperviseAsync(NodeNetworkService service, NodeNetworkInfo network, CancellationToken ct)
    {
        var delay = InitialDelay;
        while (!ct.IsCancellationRequested)
        {
            var started = time.GetUtcNow();
            try
            {
                await service.RunAsync(network, ct);
                if (ct.IsCancellationRequested) return;
                LogReturned(logger, service.Name);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e, service.Name, delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture));
            }
            // A service that ran for a while before failing starts its backoff over.
            if (time.GetUtcNow() - started > MaxDelay * 2) delay = InitialDelay;
            await Task.Delay(delay, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    [LoggerMessage(EventId = 12030, Level = LogLevel.Error, Message = "Node network service {Service} failed; restarting in {Seconds}s")]
    private static partial void LogFailed(ILogger logger, Exception e, string service, string seconds);

    [LoggerMessage(EventId = 12031, Level = LogLevel.Warning, Message = "Node network service {Service} stopped on its own; restarting")]
    private static partial void LogReturned(ILogger logger, string service);
}
