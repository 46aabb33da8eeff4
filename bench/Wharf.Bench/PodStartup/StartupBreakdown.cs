using System.Text.Json.Nodes;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// Where a pod's startup went, from the timestamps the Running pod carries (whole seconds on the wire, so only
/// useful when the stages take seconds): created → scheduled (PodScheduled condition), → agent's first sync
/// (status.startTime), → container started (state.running.startedAt).
/// </summary>
internal sealed class StartupBreakdown
{
    private readonly List<(double Scheduling, double AgentPickup, double Starting)> _samples = [];

    public void Add(JsonObject pod)
    {
        static DateTimeOffset? At(JsonNode? node) => node?.ToString() is { } s && DateTimeOffset.TryParse(s, out var t) ? t : null;
        var created = At(pod["metadata"]?["creationTimestamp"]);
        var scheduled = At((pod["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"]?.ToString() == "PodScheduled")?["lastTransitionTime"]);
        var startTime = At(pod["status"]?["startTime"]);
        var started = At(pod["status"]?["containerStatuses"]?[0]?["state"]?["running"]?["startedAt"]);
        if (created is null || scheduled is null || startTime is null || started is null)
            return;
        lock (_samples)
            _samples.Add(((scheduled - created).Value.TotalSeconds, (startTime - scheduled).Value.TotalSeconds, (started - startTime).Value.TotalSeconds));
    }

    public override string ToString()
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
                return "no breakdown";
            return $"mean s: created→scheduled {_samples.Average(s => s.Scheduling):F1}, scheduled→agent sync {_samples.Average(s => s.AgentPickup):F1}, "
                + $"agent sync→container started {_samples.Average(s => s.Starting):F1} (n={_samples.Count})";
        }
    }
}
