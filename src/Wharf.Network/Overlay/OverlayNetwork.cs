using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Queue;
using Wharf.Client.Rest;

namespace Wharf.Network.Overlay;

/// <summary>
/// The multi-node pod network of one node (flannel's job): connects this node's pod CIDR with every other node's by
/// VXLAN or host-gw routes, publishes what the others need on its own Node, masquerades pod traffic leaving the
/// cluster CIDR. It never touches the cluster CIDR's <c>unreachable</c> route: pod subnets are more specific and win.
/// </summary>
public static class OverlayNetwork
{
    private const string Key = "overlay";

    /// <summary>
    /// Reconciles on every relevant Node change, every <see cref="OverlayOptions.ResyncPeriod"/>, and after failures
    /// with backoff, until <paramref name="ct"/> fires. Starts the Node informer it takes from
    /// <paramref name="informers"/>. The kernel state stays when it returns, so pods keep talking across an agent
    /// restart; <see cref="RemoveAsync"/> takes it down.
    /// </summary>
    public static async Task RunAsync(OverlayOptions options, IApiClient client, SharedInformerFactory informers, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Wharf.Network.Overlay");
        var nodes = informers.ForResource(Resource.Nodes);
        var queue = new WorkQueue<string>(RateLimiters.WithMaxDelay<string>(options.MaxRetryDelay));
        nodes.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = _ => queue.Add(Key),
            // Heartbeats rewrite Nodes all the time; only what the overlay reads is worth a pass.
            OnUpdate = (old, @new) =>
            {
                if (!Equals(OverlayNode.FromNode(old), OverlayNode.FromNode(@new)))
                    queue.Add(Key);
            },
            OnDelete = _ => queue.Add(Key),
        });
        informers.Start(ct);
        try
        {
            await informers.WaitForCacheSyncAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }

        var reconciler = new OverlayReconciler(options, client, nodes.Store, Tools(options), logger);
        using var stop = ct.Register(queue.ShutDown);
        queue.Add(Key);
        while (true)
        {
            var (item, shutdown) = await queue.GetAsync(CancellationToken.None);
            if (shutdown)
                return;
            try
            {
                if (await reconciler.SyncAsync(ct))
                    queue.AddAfter(item, options.ResyncPeriod);
                queue.Forget(item);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is OverlayCommandException or ApiException or HttpRequestException or IOException or System.ComponentModel.Win32Exception)
            {
                Log.ReconcileFailed(logger, queue.NumRequeues(item), e.Message, e);
                queue.AddRateLimited(item);
            }
            finally
            {
                queue.Done(item);
            }
        }
    }

    /// <summary>
    /// Removes what <see cref="RunAsync"/> programmed: routes it owns, the VXLAN device, its nftables table and its
    /// FORWARD rules (for node teardown and tests). The Node annotations stay; the Node itself goes with the node.
    /// </summary>
    public static Task RemoveAsync(OverlayOptions options, CancellationToken ct) =>
        OverlayTeardown.RemoveAsync(Tools(options), ct);

    /// <summary>The MTU pods on this node should use: the interface's, less the VXLAN overhead when encapsulating.</summary>
    public static int PodMtu(OverlayBackend backend, int interfaceMtu) =>
        backend == OverlayBackend.Vxlan ? interfaceMtu - VxlanDevice.Overhead : interfaceMtu;

    /// <summary>
    /// Picks the interface as <see cref="RunAsync"/> will and returns the pod MTU on it, for the CNI config the agent
    /// writes before the first pod (CniOptions.Mtu).
    /// </summary>
    public static async Task<int> PodMtuAsync(OverlayOptions options, CancellationToken ct) =>
        PodMtu(options.Backend, (await InterfaceSelector.SelectAsync(Tools(options), options.NodeIp, ct)).Mtu);

    private static OverlayTools Tools(OverlayOptions options) => new(new CommandRunner(options.CommandPrefix), options);
}
