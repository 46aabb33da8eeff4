using System.Text.Json.Nodes;
using Wharf.Client.Events;

namespace Wharf.Network.Ingress.Sync;

/// <summary>
/// Emits a Warning event for each problem of an Ingress when it first appears (not on every rebuild); a problem
/// that goes away and comes back is reported again.
/// </summary>
internal sealed class IngressProblemReporter(IEventRecorder recorder)
{
    private Dictionary<string, HashSet<IngressProblem>> _reported = new();
    private Dictionary<string, HashSet<IngressProblem>> _current = new();

    public void BeginPass() => _current = new Dictionary<string, HashSet<IngressProblem>>();

    public void Report(string key, JsonObject ingress, IEnumerable<IngressProblem> problems)
    {
        var now = new HashSet<IngressProblem>(problems);
        var before = _reported.GetValueOrDefault(key);
        foreach (var problem in now)
            if (before?.Contains(problem) != true) recorder.Event(ingress, EventTypes.Warning, problem.Reason, problem.Message);
        _current[key] = now;
    }

    /// <summary>Forgets Ingresses not reported in this pass (deleted or no longer served).</summary>
    public void EndPass() => _reported = _current;
}
