using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Prometheus;
using Wharf.Network.Proxy.Health;
using Wharf.Network.Proxy.Model;
using Wharf.Network.Proxy.Nft;
using Wharf.Network.Proxy.Rules;

namespace Wharf.Network.Proxy;

/// <summary>
/// Keeps the nftables table in step with the services. It remembers what the kernel holds per service, so a sync
/// rebuilds only the services marked changed and sends only their differences; the first sync, and any sync after a
/// failure, rewrites the table whole.
/// </summary>
internal sealed class ProxySyncer(ServiceProxyOptions options, IProxyServiceSource source, CommandRunner runner, HealthCheckServer? health, ILogger logger)
{
    private readonly object _lock = new();
    private readonly RulesetBuilder _builder = new(options.NodeName, options.ClusterCidr);
    private readonly Dictionary<string, ServiceRules> _applied = [];
    private readonly Dictionary<string, HealthCheckTarget> _healthTargets = [];
    private readonly ElementClaims _claims = new();
    private HashSet<string> _dirty = [];
    private bool _full = true;
    private BaseTable? _appliedBase;
    private int _rules;
    private int _elements;
    private int _chains;

    /// <summary>Notes that a service (or its slices) changed; the next sync rebuilds it.</summary>
    public void MarkChanged(string serviceKey)
    {
        lock (_lock) _dirty.Add(serviceKey);
    }

    /// <summary>Forces the next sync to rewrite the whole table.</summary>
    public void MarkFull()
    {
        lock (_lock) _full = true;
    }

    public int AppliedServices => _applied.Count;

    /// <summary>True when changes are waiting for the next sync.</summary>
    public bool HasPending
    {
        get
        {
            lock (_lock) return _full || _dirty.Count > 0;
        }
    }

    public int AppliedRules => _rules;

    /// <summary>Builds and applies one batch; throws (after arranging a full resync next time) when nft fails.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        HashSet<string> dirty;
        bool full;
        lock (_lock)
        {
            dirty = _dirty;
            _dirty = [];
            full = _full;
        }
        var started = Stopwatch.GetTimestamp();
        var baseTable = new BaseTable(options.ServiceCidr, NodePortIps());
        var updates = new Dictionary<string, ServiceRules?>();
        var services = new Dictionary<string, ProxyService?>();
        // Sorted, so which of two services claiming one map key wins does not depend on event order.
        var keys = (full ? source.ServiceKeys().Concat(_applied.Keys).Distinct() : dirty).Order(StringComparer.Ordinal).ToList();
        var freed = new List<(string Set, string Key)>();
        if (full) _claims.Reset();
        else
        {
            foreach (var key in keys)
                if (_applied.TryGetValue(key, out var previous)) freed.AddRange(_claims.Release(previous));
        }
        var lost = new List<(string Set, string Key)>();
        foreach (var key in keys)
        {
            var service = source.Read(key);
            services[key] = service;
            updates[key] = service is null ? null : _claims.Claim(_builder.Build(service), lost);
        }
        foreach (var (set, element) in lost) logger.ElementClaimed(set, element);

        string script;
        if (full)
            script = NftScript.Full(options.TableName, baseTable, updates.Values.OfType<ServiceRules>());
        else
            script = NftScript.Incremental(options.TableName, _appliedBase!, baseTable, updates.Select(u => (_applied.GetValueOrDefault(u.Key), u.Value)));

        try
        {
            if (script.Length > 0) await runner.ApplyAsync(script, checkOnly: false, ct);
        }
        catch (Exception)
        {
            lock (_lock)
            {
                _full = true;
                _dirty.UnionWith(dirty);
            }
            ProxyMetrics.SyncFailures.Inc();
            if (health is not null) health.ProxyHealthy = false;
            throw;
        }

        lock (_lock)
        {
            if (full) _full = false;
            // Services that lost a key to one just deleted or changed get it on the next sync.
            _dirty.UnionWith(_claims.WaitingFor(freed));
        }
        if (full)
        {
            _applied.Clear();
            _chains = _rules = _elements = 0;
        }
        foreach (var (key, rules) in updates)
        {
            // Running sums, so a partial sync of a big table does not walk every service again.
            if (_applied.Remove(key, out var previous)) Count(previous, -1);
            if (rules is null) continue;
            _applied[key] = rules;
            Count(rules, 1);
        }
        _appliedBase = baseTable;
        ProxyMetrics.Chains.Set(_chains);
        ProxyMetrics.Rules.Set(_rules);
        ProxyMetrics.Elements.Set(_elements);
        var elapsed = Stopwatch.GetElapsedTime(started);
        ProxyMetrics.SyncDuration.WithLabels(full ? "full" : "partial").Observe(elapsed.TotalSeconds);
        ProxyMetrics.LastSync.SetToCurrentTimeUtc();
        logger.Synced(full ? "full" : "partial", updates.Count, elapsed, _chains, _rules, _elements);

        if (health is not null)
        {
            UpdateHealthTargets(services, full);
            health.ProxyHealthy = true;
            await health.UpdateAsync(_healthTargets.Values);
        }
    }

    private void Count(ServiceRules rules, int sign)
    {
        _chains += sign * rules.Chains.Count;
        _rules += sign * rules.RuleCount;
        _elements += sign * rules.Elements.Count;
    }

    private void UpdateHealthTargets(Dictionary<string, ProxyService?> services, bool full)
    {
        if (full) _healthTargets.Clear();
        foreach (var (key, service) in services)
        {
            if (service is null || service.HealthCheckNodePort <= 0 || service.NodeLocal)
            {
                _healthTargets.Remove(key);
                continue;
            }
            var local = service.Ports
                .SelectMany(p => EndpointSelection.Usable(p.Endpoints.Where(e => e.NodeName == options.NodeName)))
                .Select(e => e.Address).Distinct().Count();
            _healthTargets[key] = new HealthCheckTarget(service.Namespace, service.Name, service.HealthCheckNodePort, local);
        }
    }

    private IReadOnlyList<IPAddress> NodePortIps() =>
        options.NodeIPs.Concat(source.NodeAddresses()).Append(IPAddress.Loopback)
            .Where(ip => ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            .Distinct().OrderBy(ip => ip.ToString(), StringComparer.Ordinal).ToList();
}
