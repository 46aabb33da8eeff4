using System.Text.Json.Nodes;

namespace Wharf.Controllers.DaemonSet;

/// <summary>
/// Turns a DaemonSet's template into the pods it creates (upstream's <c>CreatePodTemplate</c>,
/// <c>AddOrUpdateDaemonPodTolerations</c> and <c>ReplaceDaemonSetPodNodeNameNodeAffinity</c>): the automatic
/// tolerations that keep daemon pods on troubled nodes, the revision labels, and a required node affinity that pins
/// the pod to its node through the scheduler instead of setting spec.nodeName.
/// </summary>
public static class DaemonPodTemplate
{
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const string DiskPressureTaint = "node.kubernetes.io/disk-pressure";
    public const string MemoryPressureTaint = "node.kubernetes.io/memory-pressure";
    public const string PidPressureTaint = "node.kubernetes.io/pid-pressure";
    public const string UnschedulableTaint = "node.kubernetes.io/unschedulable";
    public const string NetworkUnavailableTaint = "node.kubernetes.io/network-unavailable";

    /// <summary>
    /// The template of the DaemonSet's current revision: its own template with the automatic tolerations and the
    /// <c>pod-template-generation</c> (when known) and <c>controller-revision-hash</c> (when non-empty) labels.
    /// </summary>
    public static JsonObject ForRevision(JsonObject template, long? generation, string hash)
    {
        var result = (JsonObject)template.DeepClone();
        AddDaemonTolerations(result.Obj("spec"));
        var labels = result.Obj("metadata").Obj("labels");
        if (generation is { } g) labels[DaemonSetLabels.PodTemplateGeneration] = g.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (hash.Length > 0) labels[DaemonSetLabels.ControllerRevisionHash] = hash;
        return result;
    }

    /// <summary>A copy of <paramref name="template"/> whose pod the scheduler can only place on <paramref name="nodeName"/>.</summary>
    public static JsonObject ForNode(JsonObject template, string nodeName)
    {
        var result = (JsonObject)template.DeepClone();
        PinToNode(result.Obj("spec"), nodeName);
        return result;
    }

    /// <summary>
    /// Sets required node affinity to one term <c>matchFields metadata.name In [node]</c>, replacing whatever terms
    /// were there (the controller already checked them against the node) and keeping preferred affinity.
    /// </summary>
    public static void PinToNode(JsonObject podSpec, string nodeName)
    {
        var term = new JsonObject
        {
            ["matchFields"] = new JsonArray(new JsonObject
            {
                ["key"] = DaemonSetLabels.NodeNameField,
                ["operator"] = "In",
                ["values"] = new JsonArray(nodeName),
            }),
        };
        var required = podSpec.Obj("affinity").Obj("nodeAffinity").Obj("requiredDuringSchedulingIgnoredDuringExecution");
        required["nodeSelectorTerms"] = new JsonArray(term);
    }

    /// <summary>
    /// Adds (or replaces an equivalent one of) each toleration daemon pods always carry: not-ready and unreachable
    /// NoExecute without tolerationSeconds, so node problems never evict them; disk, memory and PID pressure and
    /// unschedulable NoSchedule; network-unavailable NoSchedule for host-network pods.
    /// </summary>
    public static void AddDaemonTolerations(JsonObject podSpec)
    {
        foreach (var toleration in DaemonTolerations(podSpec["hostNetwork"] is JsonValue v && v.TryGetValue<bool>(out var host) && host))
            AddOrUpdate(podSpec, toleration);
    }

    private static IEnumerable<JsonObject> DaemonTolerations(bool hostNetwork)
    {
        yield return Exists(NotReadyTaint, Taints.NoExecute);
        yield return Exists(UnreachableTaint, Taints.NoExecute);
        yield return Exists(DiskPressureTaint, Taints.NoSchedule);
        yield return Exists(MemoryPressureTaint, Taints.NoSchedule);
        yield return Exists(PidPressureTaint, Taints.NoSchedule);
        yield return Exists(UnschedulableTaint, Taints.NoSchedule);
        if (hostNetwork) yield return Exists(NetworkUnavailableTaint, Taints.NoSchedule);
    }

    private static JsonObject Exists(string key, string effect) => new() { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect };

    /// <summary>
    /// Upstream's <c>AddOrUpdateTolerationInPodSpec</c>: a toleration with the same key, operator, value and effect is
    /// replaced in place (dropping e.g. its tolerationSeconds), otherwise the new one is appended.
    /// </summary>
    private static void AddOrUpdate(JsonObject podSpec, JsonObject toleration)
    {
        if (podSpec["tolerations"] is not JsonArray tolerations)
        {
            podSpec["tolerations"] = new JsonArray(toleration);
            return;
        }
        var updated = false;
        for (var i = 0; i < tolerations.Count; i++)
        {
            if (tolerations[i] is not JsonObject existing || !SameIdentity(existing, toleration)) continue;
            tolerations[i] = toleration.DeepClone();
            updated = true;
        }
        if (!updated) tolerations.Add(toleration);
    }

    private static bool SameIdentity(JsonObject a, JsonObject b) =>
        (a["key"].Str() ?? "") == (b["key"].Str() ?? "") && (a["effect"].Str() ?? "") == (b["effect"].Str() ?? "")
        && (a["operator"].Str() ?? "") == (b["operator"].Str() ?? "") && (a["value"].Str() ?? "") == (b["value"].Str() ?? "");
}
