using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.ApiServer.Admission;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Hosting;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Allocation;

/// <summary>
/// Gives Services their cluster IP (from --service-cidr) and node ports (30000-32767), refusing ones already taken.
/// What is taken is derived from the stored Services: read at start and kept current by a store watch, so allocations
/// survive restarts and are released when a Service goes. Reservations made by in-flight creates are held in memory
/// until the watch sees the Service (or the create fails).
/// </summary>
public sealed partial class ServiceAllocator : IAdmissionPlugin
{
    private readonly Cidr _cidr;
    private readonly PortRange _ports;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _ipsByService = new();   // ns/name → IPs
    private readonly Dictionary<string, HashSet<long>> _portsByService = new();
    private readonly Dictionary<string, string> _storeKeys = new();                 // store key → ns/name
    private readonly HashSet<string> _ips = new();
    private readonly HashSet<long> _nodePorts = new();
    private readonly Dictionary<string, DateTimeOffset> _pendingIps = new();
    private readonly Dictionary<long, DateTimeOffset> _pendingPorts = new();
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(1);

    public ServiceAllocator(Cidr serviceCidr, PortRange nodePorts, ILogger<ServiceAllocator> logger)
    {
        _cidr = serviceCidr;
        _ports = nodePorts;
        _logger = logger;
    }

    public string Name => "ServiceAllocation";

    /// <summary>The first address of the range: the <c>kubernetes</c> Service's.</summary>
    public IPAddress KubernetesServiceIp => _cidr.At(1);

    public Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind.Group != "" || request.Kind.Plural != "services" || request.Object is null || request.DryRun && request.Operation != AdmissionOperation.Create)
            return Task.CompletedTask;
        var spec = request.Object.Obj("spec");
        var key = $"{request.Namespace}/{request.Name}";
        lock (_gate)
        {
            ExpirePending();
            if (request.Operation == AdmissionOperation.Create)
            {
                AllocateClusterIp(request, spec, key);
            }
            else if (request.Operation == AdmissionOperation.Update && request.OldObject is not null)
            {
                // An update keeps the stored clusterIP when the client omitted it (kubectl replace, apply).
                var oldSpec = request.OldObject["spec"] as JsonObject;
                if (string.IsNullOrEmpty(spec.Str("clusterIP")) && oldSpec.Str("clusterIP") is { Length: > 0 } oldIp && spec.Str("type") != "ExternalName")
                {
                    spec["clusterIP"] = oldIp;
                    spec["clusterIPs"] = oldSpec?["clusterIPs"]?.DeepClone() ?? new JsonArray(oldIp);
                }
                if (spec.Str("type") != "ExternalName" && string.IsNullOrEmpty(spec.Str("clusterIP")))
                    AllocateClusterIp(request, spec, key);
                KeepNodePorts(spec, oldSpec);
            }
            AllocateNodePorts(request, spec, key);
        }
        return Task.CompletedTask;
    }

    private void AllocateClusterIp(AdmissionRequest request, JsonObject spec, string key)
    {
        var type = spec.Str("type") ?? "ClusterIP";
        if (type == "ExternalName")
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
            return;
        }
        var requested = spec.Str("clusterIP");
        if (requested == "None")
        {
            spec["clusterIPs"] = new JsonArray("None");
            SetFamilies(spec);
            return;
        }
        string ip;
        if (!string.IsNullOrEmpty(requested))
        {
            if (!IPAddress.TryParse(requested, out var parsed) || !_cidr.Contains(parsed))
                throw Invalid(request, "spec.clusterIPs", new RawFieldValue($"[]string{{\"{requested}\"}}"), $"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is {_cidr}");
            if (_ips.Contains(requested) || _pendingIps.ContainsKey(requested))
                throw Invalid(request, "spec.clusterIPs", new RawFieldValue($"[]string{{\"{requested}\"}}"), $"failed to allocate IP {requested}: provided IP is already allocated");
            ip = requested;
        }
        else
        {
            ip = NextFreeIp() ?? throw new StatusException(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full");
        }
        if (!request.DryRun) _pendingIps[ip] = DateTimeOffset.UtcNow;
        spec["clusterIP"] = ip;
        spec["clusterIPs"] = new JsonArray(ip);
        SetFamilies(spec);
    }

    private static void SetFamilies(JsonObject spec)
    {
        spec.Default("ipFamilies", new JsonArray("IPv4"));
        spec.Default("ipFamilyPolicy", "SingleStack");
    }

    private void AllocateNodePorts(AdmissionRequest request, JsonObject spec, string key)
    {
        var type = spec.Str("type");
        var wantsNodePorts = type is "NodePort" or "LoadBalancer";
        // Ports the stored object already has are this Service's own, even before the watch has recorded them.
        var owned = new HashSet<long>(_portsByService.GetValueOrDefault(key) ?? []);
        foreach (var port in request.OldObject?["spec"]?["ports"].Objects() ?? [])
            if (port["nodePort"].Long() is { } existing) owned.Add(existing);
        var index = 0;
        foreach (var port in spec["ports"].Objects())
        {
            var path = $"spec.ports[{index++}].nodePort";
            var value = port["nodePort"].Long() ?? 0;
            if (!wantsNodePorts)
            {
                port.Remove("nodePort");
                continue;
            }
            if (value == 0)
            {
                value = NextFreePort() ?? throw new StatusException(500, "InternalError", "Internal error occurred: failed to allocate a nodePort: range is full");
                port["nodePort"] = value;
            }
            else if (!_ports.Contains(value))
            {
                throw Invalid(request, path, value, $"provided port is not in the valid range. The range of valid ports is {_ports}");
            }
            else if ((_nodePorts.Contains(value) && !owned.Contains(value)) || _pendingPorts.ContainsKey(value) && !owned.Contains(value))
            {
                throw Invalid(request, path, value, "provided port is already allocated");
            }
            if (!request.DryRun) _pendingPorts[value] = DateTimeOffset.UtcNow;
        }
        if (type == "LoadBalancer" && spec["allocateLoadBalancerNodePorts"] is null)
            spec["allocateLoadBalancerNodePorts"] = true;
    }

    private static void KeepNodePorts(JsonObject spec, JsonObject? oldSpec)
    {
        var oldPorts = oldSpec?["ports"].Objects().ToList() ?? [];
        foreach (var port in spec["ports"].Objects())
        {
            if (port["nodePort"] is not null) continue;
            var match = oldPorts.FirstOrDefault(o => o["port"]?.ToJsonString() == port["port"]?.ToJsonString() && o.Str("protocol") == port.Str("protocol"));
            if (match?["nodePort"] is { } nodePort) port["nodePort"] = nodePort.DeepClone();
        }
    }

    /// <summary>Follows the stored Services so that allocations match what exists.</summary>
    public async Task RunAsync(IStorageBackend storage, CancellationToken ct)
    {
        var prefix = "/registry/core/services/";
        var delay = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var list = await storage.ListAsync(prefix, 0, null, 0, ct);
                lock (_gate)
                {
                    _ipsByService.Clear();
                    _portsByService.Clear();
                    _storeKeys.Clear();
                    foreach (var item in list.Items) Record(item.Key, ObjectCodec.Decode(item));
                    Rebuild();
                }
                await foreach (var change in storage.WatchAsync(prefix, list.Revision, ct))
                {
                    lock (_gate)
                    {
                        if (change.Type == WatchEventType.Deleted) Forget(change.Object.Key);
                        else Record(change.Object.Key, ObjectCodec.Decode(change.Object));
                        Rebuild();
                    }
                }
                delay = TimeSpan.FromMilliseconds(200);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWatchFailed(_logger, e);
                await Task.Delay(delay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private void Record(string storeKey, JsonObject service)
    {
        // Admission looks allocations up by "namespace/name"; the store key is only the watch's handle.
        var key = $"{service["metadata"].Str("namespace")}/{service["metadata"].Str("name")}";
        _storeKeys[storeKey] = key;
        var spec = service["spec"] as JsonObject;
        var ips = (spec?["clusterIPs"] as JsonArray)?.Select(i => i?.ToString() ?? "").Where(i => i.Length > 0 && i != "None").ToHashSet() ?? [];
        if (spec.Str("clusterIP") is { Length: > 0 } ip && ip != "None") ips.Add(ip);
        _ipsByService[key] = ips;
        _portsByService[key] = spec?["ports"].Objects().Select(p => p["nodePort"].Long() ?? 0).Where(n => n > 0).ToHashSet() ?? [];
        foreach (var i in ips) _pendingIps.Remove(i);
        foreach (var p in _portsByService[key]) _pendingPorts.Remove(p);
    }

    private void Forget(string storeKey)
    {
        if (!_storeKeys.Remove(storeKey, out var key)) return;
        _ipsByService.Remove(key);
        _portsByService.Remove(key);
    }

    private void Rebuild()
    {
        _ips.Clear();
        foreach (var set in _ipsByService.Values) _ips.UnionWith(set);
        _nodePorts.Clear();
        foreach (var set in _portsByService.Values) _nodePorts.UnionWith(set);
    }

    private void ExpirePending()
    {
        var cutoff = DateTimeOffset.UtcNow - PendingLifetime;
        foreach (var ip in _pendingIps.Where(p => p.Value < cutoff).Select(p => p.Key).ToList()) _pendingIps.Remove(ip);
        foreach (var port in _pendingPorts.Where(p => p.Value < cutoff).Select(p => p.Key).ToList()) _pendingPorts.Remove(port);
    }

    private string? NextFreeIp()
    {
        // Random start like upstream's allocator, skipping the network address, .1 (the kubernetes Service,
        // allocated by name) and the broadcast address.
        var size = _cidr.Size;
        var start = Random.Shared.NextInt64(2, Math.Max(3, size - 1));
        for (long i = 0; i < size; i++)
        {
            var offset = 2 + (start - 2 + i) % Math.Max(1, size - 3);
            var ip = _cidr.At(offset).ToString();
            if (!_ips.Contains(ip) && !_pendingIps.ContainsKey(ip)) return ip;
        }
        return null;
    }

    private long? NextFreePort()
    {
        var start = Random.Shared.Next(_ports.Size);
        for (var i = 0; i < _ports.Size; i++)
        {
            long port = _ports.First + (start + i) % _ports.Size;
            if (!_nodePorts.Contains(port) && !_pendingPorts.ContainsKey(port)) return port;
        }
        return null;
    }

    private static StatusException Invalid(AdmissionRequest request, string field, object value, string detail) =>
        StatusErrors.Invalid("Service", "", request.Name, [FieldError.Invalid(field, value, detail)]);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "service allocation watch failed; retrying")]
    private static partial void LogWatchFailed(ILogger logger, Exception error);
}
