using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client.Events;

namespace Wharf.Node.Agent.Probes;

/// <summary>
/// Runs one probe worker per (container instance, probe kind) and keeps their latest results. Readiness starts
/// false, liveness true, startup false; liveness and readiness wait until startup has succeeded. A result change
/// calls back so the pod worker can act (restart, or post readiness).
/// </summary>
internal sealed class ProbeManager(ProbeRunner runner, IEventRecorder events, ILogger logger, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string ContainerId, ProbeKind Kind), ProbeWorker> _workers = new();

    /// <summary>Makes the set of workers match the containers running now (id → container spec and start time).</summary>
    public void Sync(string podUid, JsonObject podRef, string podIp, IReadOnlyDictionary<string, (V1Container Spec, DateTimeOffset StartedAt)> running, Action onChange)
    {
        foreach (var (id, (spec, startedAt)) in running)
        {
            foreach (var (kind, probe) in Probes(spec))
            {
                _workers.GetOrAdd((id, kind), key =>
                {
                    var worker = new ProbeWorker(runner, events, logger, time, podUid, podRef, podIp, spec, key.ContainerId, kind, probe, startedAt, this, onChange);
                    worker.Start();
                    return worker;
                });
            }
        }
        foreach (var (key, worker) in _workers)
        {
            if (worker.PodUid == podUid && !running.ContainsKey(key.ContainerId) && _workers.TryRemove(key, out _))
                worker.Stop();
        }
    }

    public void StopPod(string podUid)
    {
        foreach (var (key, worker) in _workers)
        {
            if (worker.PodUid == podUid && _workers.TryRemove(key, out _))
                worker.Stop();
        }
    }

    /// <summary>Readiness of a container instance: true when it has no readiness probe.</summary>
    public bool Ready(string containerId, V1Container spec) =>
        spec.ReadinessProbe is null ? Started(containerId, spec) : _workers.TryGetValue((containerId, ProbeKind.Readiness), out var w) && w.Result == true;

    /// <summary>Whether the startup probe (if any) has succeeded.</summary>
    public bool Started(string containerId, V1Container spec) =>
        spec.StartupProbe is null || (_workers.TryGetValue((containerId, ProbeKind.Startup), out var w) && w.Result == true);

    /// <summary>The liveness or startup failure that means "restart this container", or null.</summary>
    public (ProbeKind Kind, string Message)? FailedFatally(string containerId)
    {
        foreach (var kind in new[] { ProbeKind.Liveness, ProbeKind.Startup })
        {
            if (_workers.TryGetValue((containerId, kind), out var w) && w.Result == false)
                return (kind, w.LastMessage);
        }
        return null;
    }

    private static IEnumerable<(ProbeKind, V1Probe)> Probes(V1Container spec)
    {
        if (spec.StartupProbe is { } startup) yield return (ProbeKind.Startup, startup);
        if (spec.LivenessProbe is { } liveness) yield return (ProbeKind.Liveness, liveness);
        if (spec.ReadinessProbe is { } readiness) yield return (ProbeKind.Readiness, readiness);
    }
}
