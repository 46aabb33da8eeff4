using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Network.Proxy;
using Wharf.Network.Proxy.Nft;

namespace Wharf.Network.Tests.Proxy;

public sealed class ProxyLoopTests
{
    [Fact]
    public async Task FailedSyncsAreRetriedUntilStopped()
    {
        var source = new FakeServiceSource();
        SampleCluster.Mixed(source);
        var options = new ServiceProxyOptions
        {
            NodeName = "node-a",
            InitialRetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(80),
        };
        // Every "nft" run fails, as it would without the binary or the privilege.
        var runner = new CommandRunner(["sh", "-c", "cat > /dev/null; exit 3", "nft"]);
        var syncer = new ProxySyncer(options, source, runner, null, NullLogger.Instance);
        var loop = new ProxyLoop(syncer, options, TimeProvider.System, NullLogger.Instance);
        var failuresBefore = ProxyMetrics.SyncFailures.Value;
        using var stop = new CancellationTokenSource();

        loop.Trigger();
        var run = loop.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (ProxyMetrics.SyncFailures.Value - failuresBefore < 3 && DateTime.UtcNow < deadline && !run.IsCompleted)
            await Task.Delay(20);
        stop.Cancel();

        // Failures never escape: only the cancellation ends the loop.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(ProxyMetrics.SyncFailures.Value - failuresBefore >= 3);
        Assert.True(syncer.HasPending);
    }
}
