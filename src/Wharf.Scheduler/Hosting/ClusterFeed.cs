using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Scheduler.Cluster;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// One run of the scheduler's merged watch: its own informers (so a restarted loop gets a fresh initial list and
/// no handler outlives it), every notification converted and written to one channel, and the Synced marker once
/// each informer's initial objects have actually been handed over, not merely queued to the handlers.
/// </summary>
internal sealed class ClusterFeed(IApiClient client, InformerOptions? informerOptions, ILoggerFactory loggers)
{
    private static readonly TimeSpan DeliveryPoll = TimeSpan.FromMilliseconds(5);

    public async IAsyncEnumerable<ClusterChange> RunAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var changes = Channel.CreateUnbounded<ClusterChange>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var factory = new SharedInformerFactory(client, informerOptions, loggers);
        var delivered = new long[WatchedKind.All.Count];
        var informers = new ISharedIndexInformer[WatchedKind.All.Count];
        for (var i = 0; i < informers.Length; i++)
        {
            var kind = WatchedKind.All[i];
            var index = i;
            informers[i] = factory.ForResource(kind.Resource);
            informers[i].AddEventHandler(new ResourceEventHandler
            {
                OnAdd = obj =>
                {
                    // Counted even when the conversion throws, or Synced would never come.
                    try { Write(changes, ClusterChange.Added(kind.ToModel(obj))); }
                    finally { Interlocked.Increment(ref delivered[index]); }
                },
                OnUpdate = (old, now) =>
                {
                    // Resyncs deliver the same object twice; the scheduler has nothing to learn from them.
                    if (!ReferenceEquals(old, now)) Write(changes, ClusterChange.Modified(kind.ToModel(now)));
                },
                OnDelete = obj => Write(changes, ClusterChange.Deleted(kind.ToModel(obj))),
            });
        }
        factory.Start(stop.Token);
        var synced = SignalSyncedAsync(factory, informers, delivered, changes, stop.Token);
        try
        {
            await foreach (var change in changes.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                yield return change;
        }
        finally
        {
            stop.Cancel();
            await synced.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await factory.ShutdownAsync().ConfigureAwait(false);
        }
    }

    private static void Write(Channel<ClusterChange> changes, ClusterChange change) => changes.Writer.TryWrite(change);

    /// <summary>
    /// An informer is synced once its list is queued to the handlers; the adds counted so far reach the store's
    /// size at that moment only after the handler has written them, so wait for that before announcing Synced.
    /// </summary>
    private static async Task SignalSyncedAsync(SharedInformerFactory factory, ISharedIndexInformer[] informers, long[] delivered,
        Channel<ClusterChange> changes, CancellationToken ct)
    {
        await factory.WaitForCacheSyncAsync(ct).ConfigureAwait(false);
        var expected = informers.Select(i => (long)i.Store.Count).ToArray();
        while (Enumerable.Range(0, informers.Length).Any(i => Interlocked.Read(ref delivered[i]) < expected[i]))
            await Task.Delay(DeliveryPoll, ct).ConfigureAwait(false);
        Write(changes, ClusterChange.Synced);
    }
}
