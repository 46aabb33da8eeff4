using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Endpoints;

/// <summary>
/// Computes the <c>endpoints.kubernetes.io/last-change-trigger-time</c> of a sync: the earliest change not yet
/// reflected — a pod's Ready transition seen for the first time, or the service's creation on its first sync.
/// Null when nothing new triggered the sync (the annotation is then dropped).
/// </summary>
internal sealed class TriggerTimeTracker
{
    public const string Annotation = "endpoints.kubernetes.io/last-change-trigger-time";

    private readonly object _lock = new();
    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);

    public DateTimeOffset? Compute(string serviceKey, JsonObject service, IEnumerable<JsonObject> pods)
    {
        lock (_lock)
        {
            var state = _states.TryGetValue(serviceKey, out var existing) ? existing : new State();
            DateTimeOffset? min = null;
            var seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var pod in pods)
            {
                if (PodEndpoints.ReadyTransitionTime(pod) is not { } t || ObjectMeta.Name(pod) is not { } name) continue;
                seen[name] = t;
                if (!state.Pods.TryGetValue(name, out var before) || before != t) min = Min(min, t);
            }
            var created = JsonHelpers.ParseTime(service["metadata"]?["creationTimestamp"].Str());
            if (created is { } c && state.Service != c) min = Min(min, c);
            _states[serviceKey] = new State { Pods = seen, Service = created };
            return min;
        }
    }

    public void Delete(string serviceKey)
    {
        lock (_lock) _states.Remove(serviceKey);
    }

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private sealed class State
    {
        public Dictionary<string, DateTimeOffset> Pods { get; init; } = new(StringComparer.Ordinal);
        public DateTimeOffset? Service { get; init; }
    }
}
