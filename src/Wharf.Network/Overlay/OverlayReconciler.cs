using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Network.Overlay;

/// <summary>
/// One full pass of the pod network for this node: the local device (vxlan) or its absence (host-gw), our own
/// annotations, the routes/neighbours/FDB entries to every other node, masquerade and the FORWARD policy. Every
/// step is idempotent, so the same pass serves Node events, the periodic resync and retries.
/// </summary>
internal sealed class OverlayReconciler(OverlayOptions options, IApiClient client, IIndexer nodes, OverlayTools tools, ILogger logger)
{
    private readonly VxlanDevice _device = new(tools);
    private readonly DatapathExecutor _executor = new(tools);
    private readonly ForwardPolicy _forward = new(tools);
    private readonly AnnotationPublisher _publisher = new(client);
    private HostInterface? _interface;
    private bool _waitingLogged;
    private bool _readyLogged;
    private bool _forwardLogged;

    public int? PodMtu => _interface is null ? null : OverlayNetwork.PodMtu(options.Backend, _interface.Mtu);

    /// <summary>Returns false while this node has no pod CIDR yet (a Node update will bring the next pass).</summary>
    public async Task<bool> SyncAsync(CancellationToken ct)
    {
        var selfObject = nodes.Get(options.NodeName);
        var self = selfObject is null ? null : OverlayNode.FromNode(selfObject);
        if (selfObject is null || self?.PodCidr is null)
        {
            if (!_waitingLogged)
                Log.WaitingForPodCidr(logger, OverlayBackends.Name(options.Backend), options.NodeName);
            _waitingLogged = true;
            return false;
        }

        // Chosen again on every pass: an address or MTU change on the host reaches the device and the annotations.
        _interface = await InterfaceSelector.SelectAsync(tools, options.NodeIp ?? InternalIp(selfObject), ct);
        string? vtepMac = null;
        if (options.Backend == OverlayBackend.Vxlan)
            vtepMac = await _device.EnsureAsync(_interface, self.PodCidr, ct);
        else
            await _device.DeleteAsync(ct);
        if (!_readyLogged)
            Log.Ready(logger, OverlayBackends.Name(options.Backend), _interface.Name, _interface.PublicIp, PodMtu!.Value, self.PodCidr);
        _readyLogged = true;

        if (await _publisher.PublishAsync(selfObject, AnnotationPublisher.Wanted(options, _interface, vtepMac), ct))
            Log.Published(logger, options.NodeName);

        // Local rules first: they need nothing from other nodes, so a route a bad Node makes fail cannot hold them up.
        if (options.Masquerade)
            await MasqueradeRules.ApplyAsync(tools, self.PodCidr, ct);
        else
            await MasqueradeRules.RemoveAsync(tools, ct);
        if (await _forward.EnsureAsync(ct) && !_forwardLogged)
        {
            Log.ForwardAccepted(logger, options.ClusterCidr);
            _forwardLogged = true;
        }

        var local = new LocalOverlay(options.NodeName, options.Backend, options.ClusterCidr, self.PodCidr, _interface.Name, options.Vni, options.VxlanDevice);
        var desired = DesiredStateBuilder.Compute(local, nodes.List().Select(OverlayNode.FromNode).OfType<OverlayNode>());
        var changes = await _executor.ApplyAsync(desired, options.Backend == OverlayBackend.Vxlan, ct);

        if (changes > 0)
            Log.Changed(logger, desired.Routes.Count, changes);
        else
            Log.Reconciled(logger, desired.Routes.Count, changes);
        return true;
    }

    /// <summary>The Node's first InternalIP: where the interface is looked for when no option names it.</summary>
    private static string? InternalIp(JsonObject node) =>
        node["status"]?["addresses"] is JsonArray addresses
            ? addresses.OfType<JsonObject>()
                .Where(a => OverlayTools.Str(a["type"]) == "InternalIP")
                .Select(a => OverlayTools.Str(a["address"]))
                .FirstOrDefault(a => a is not null && IPAddress.TryParse(a, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
            : null;
}
