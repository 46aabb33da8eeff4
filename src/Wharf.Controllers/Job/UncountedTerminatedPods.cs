using System.Text.Json.Nodes;

namespace Wharf.Controllers.Job;

/// <summary>
/// status.uncountedTerminatedPods: UIDs of finished pods recorded before their tracking finalizer is removed, so a
/// pod is counted exactly once even if the controller restarts between the two writes.
/// </summary>
public sealed class UncountedTerminatedPods
{
    public List<string> Succeeded { get; } = [];

    public List<string> Failed { get; } = [];

    public bool IsEmpty => Succeeded.Count == 0 && Failed.Count == 0;

    public bool Contains(string uid) => Succeeded.Contains(uid) || Failed.Contains(uid);

    public static UncountedTerminatedPods From(JsonNode? status)
    {
        var result = new UncountedTerminatedPods();
        var node = status?["uncountedTerminatedPods"];
        result.Succeeded.AddRange(Uids(node?["succeeded"]));
        result.Failed.AddRange(Uids(node?["failed"]));
        return result;
    }

    /// <summary>Writes the lists into the status, omitting empty ones as the API does.</summary>
    public void WriteTo(JsonObject status)
    {
        var node = new JsonObject();
        if (Succeeded.Count > 0) node["succeeded"] = new JsonArray([.. Succeeded.Select(u => (JsonNode)JsonValue.Create(u))]);
        if (Failed.Count > 0) node["failed"] = new JsonArray([.. Failed.Select(u => (JsonNode)JsonValue.Create(u))]);
        status["uncountedTerminatedPods"] = node;
    }

    private static IEnumerable<string> Uids(JsonNode? list) =>
        (list as JsonArray ?? []).Select(n => n.Str()).OfType<string>();
}
