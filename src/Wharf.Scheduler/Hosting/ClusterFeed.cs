using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.Scheduler.Cluster;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// One run of the scheduler's merged watch: its own typed informers (so a restarted loop gets a fresh initial list
/// and no handler outlives it; each event is parsed once, straight into its model), every notification written to
/// one channel, and the Synced marker once each informer's initial objects have actually been handed over, not
/// merely queued to the handlers.
/// </summary>
internal sealed class ClusterFeed(IApiClient client, InformerOptions? informerOptions, ILoggerFactory loggers)
{
    private static readonly TimeSpan DeliveryPoll = TimeSpan.FromMilliseconds(5);

    public async IAsyncEnumerable<ClusterChange> RunAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var changes = Channel.CreateUnbounded<ClusterChange>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var kinds = WatchedKind.All;
        var sinks = new Sink[kinds.Count];
        var informers = new ITypedInformer[kinds.Count];
        for (var i = 0; i < informers.Length; i++)
        {
            sinks[i] = new Sink(changes.Writer);
            informers[i] = kinds[i].CreateInformer(client, informerOptions, loggers.CreateLogger($"Wharf.Client.Informer.{kinds[i].Resource.GroupResource}"), sinks[i]);
        }
        var running = informers.Select(informer => Task.Run(() => informer.RunAsync(stop.Token), CancellationToken.None)).ToArray();
        var synced = SignalSyncedAsync(informers, sinks, changes, stop.Token);
        try
        {
            await foreach (var change in changes.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                yield return change;
        }
        finally
        {
            stop.Cancel();
            await synced.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An informer is synced once its list is queued to the handlers; the adds counted so far reach the cache's
    /// size at that moment only after the handler has written them, so wait for that before announcing Synced.
    /// </summary>
    private static async Task SignalSyncedAsync(ITypedInformer[] informers, Sink[] sinks, Channel<ClusterChange> changes, CancellationToken ct)
    {
        await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(ct))).ConfigureAwait(false);
        var expected = informers.Select(i => (long)i.Count).ToArray();
        while (Enumerable.Range(0, informers.Length).Any(i => sinks[i].AddedCount < expected[i]))
            await Task.Delay(DeliveryPoll, ct).ConfigureAwait(false);
        changes.Writer.TryWrite(ClusterChange.Synced);
    }

    /// <summary>One informer's notifications into the channel, counting the adds handed over.</summary>
    private sealed class Sink(ChannelWriter<ClusterChange> writer) : IFeedSink
    {
        private long _added;

        public long AddedCount => Interlocked.Read(ref _added);

        public void Added(IKubernetesObject<V1ObjectMeta> obj)
        {
            writer.TryWrite(ClusterChange.Added(obj));
            Interlocked.Increment(ref _added);
        }

        public void Modified(IKubernetesObject<V1ObjectMeta> obj) => writer.TryWrite(ClusterChange.Modified(obj));

        public void Deleted(IKubernetesObject<V1ObjectMeta> obj) => writer.TryWrite(ClusterChange.Deleted(obj));
    }
}
