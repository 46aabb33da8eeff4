using Microsoft.Extensions.Logging;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Kubelet's PLEG: every <see cref="NodeAgentOptions.PodResyncInterval"/> lists all sandboxes and containers in two
/// runtime calls and wakes the worker of each pod whose sandboxes or containers changed (appeared, went, or changed
/// state), so that a settled pod need not poll the runtime itself to notice a container exiting.
/// </summary>
internal sealed partial class RuntimeRelister(IContainerRuntime runtime, TimeSpan interval, Action<string> podChanged, ILogger logger, TimeProvider time)
{
    private Dictionary<string, string> _seen = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await RelistAsync(ct);
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or IOException or InvalidOperationException && !ct.IsCancellationRequested)
                {
                    LogRelistFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>One relist: the pods whose runtime state differs from the last relist are reported.</summary>
    internal async Task RelistAsync(CancellationToken ct)
    {
        var sandboxes = await runtime.ListPodSandboxesAsync(null, ct);
        var containers = await runtime.ListContainersAsync(null, null, ct);
        var states = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var s in sandboxes)
            Add(states, s.Labels, $"s{s.Id}:{(int)s.State}");
        foreach (var c in containers)
            Add(states, c.Labels, $"c{c.Id}:{(int)c.State}");
        var now = states.ToDictionary(p => p.Key, p => string.Join(',', p.Value.Order(StringComparer.Ordinal)), StringComparer.Ordinal);
        foreach (var (uid, state) in now)
        {
            if (!_seen.TryGetValue(uid, out var before) || before != state)
                podChanged(uid);
        }
        foreach (var uid in _seen.Keys.Where(uid => !now.ContainsKey(uid)))
            podChanged(uid);
        _seen = now;
    }

    private static void Add(Dictionary<string, List<string>> states, IDictionary<string, string> labels, string state)
    {
        if (!labels.TryGetValue(PodLabels.PodUid, out var uid))
            return;
        if (!states.TryGetValue(uid, out var list))
            states[uid] = list = [];
        list.Add(state);
    }

    [LoggerMessage(EventId = 12052, Level = LogLevel.Debug, Message = "Runtime relist failed: {Message}")]
    private static partial void LogRelistFailed(ILogger logger, string message);
}
