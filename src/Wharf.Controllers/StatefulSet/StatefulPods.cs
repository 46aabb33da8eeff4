using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using Wharf.Client.Meta;
using Wharf.Controllers.History;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.StatefulSet;

/// <summary>
/// The stable identity of a StatefulSet's pods (NAME-ORDINAL, hostname, subdomain, identity labels, one claim per
/// volumeClaimTemplate named TEMPLATE-NAME-ORDINAL) and the pod predicates the controller steps on.
/// </summary>
internal static partial class StatefulPods
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    [GeneratedRegex("^(.*)-([0-9]+)$")]
    private static partial Regex NameAndOrdinal();

    /// <summary>The ordinal in a member's name, or -1 when the name carries none.</summary>
    public static int Ordinal(JsonObject pod) => Parse(ObjectMeta.Name(pod) ?? "").Ordinal;

    /// <summary>Whether the pod's name says it belongs to the set (upstream's isMemberOf).</summary>
    public static bool IsMemberOf(JsonObject set, JsonObject pod) => Parse(ObjectMeta.Name(pod) ?? "").Parent == ObjectMeta.Name(set);

    public static string Name(JsonObject set, int ordinal) => $"{ObjectMeta.Name(set)}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static string ClaimName(JsonObject set, JsonObject claimTemplate, int ordinal) =>
        $"{ObjectMeta.Name(claimTemplate)}-{Name(set, ordinal)}";

    public static string? Revision(JsonObject pod) => ObjectMeta.Label(pod, ControllerRevisions.PodRevisionLabel);

    /// <summary>
    /// A member at <paramref name="ordinal"/> built from <paramref name="template"/> (the template of the revision it
    /// is made at), labelled with that revision's name.
    /// </summary>
    public static JsonObject New(JsonObject set, JsonObject template, int ordinal, string revisionName, JsonObject controllerRef)
    {
        var pod = PodTemplates.NewPod(ObjectMeta.Name(set)!, template, controllerRef);
        var meta = ObjectMeta.Metadata(pod);
        meta.Remove("generateName");
        meta["name"] = Name(set, ordinal);
        meta["namespace"] = ObjectMeta.Namespace(set);
        var labels = meta.Obj("labels");
        labels[PodNameLabel] = Name(set, ordinal);
        labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        labels[ControllerRevisions.PodRevisionLabel] = revisionName;
        var spec = pod.Obj("spec");
        // Hostname and subdomain are immutable: set on creation only, as upstream's initIdentity.
        spec["hostname"] = Name(set, ordinal);
        if (StatefulSetSpec.ServiceName(set) is { Length: > 0 } service) spec["subdomain"] = service;
        spec["volumes"] = Volumes(set, ordinal, spec["volumes"] as JsonArray);
        return pod;
    }

    /// <summary>The claims the member at <paramref name="ordinal"/> mounts, keyed by template (volume) name.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Claims(JsonObject set, int ordinal)
    {
        var claims = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var selectorLabels = set["spec"]?["selector"]?["matchLabels"] as JsonObject;
        foreach (var template in StatefulSetSpec.VolumeClaimTemplates(set))
        {
            var claim = (JsonObject)template.DeepClone();
            claim.Remove("status");
            claim["apiVersion"] = "v1";
            claim["kind"] = "PersistentVolumeClaim";
            var meta = ObjectMeta.Metadata(claim);
            meta["name"] = ClaimName(set, template, ordinal);
            meta["namespace"] = ObjectMeta.Namespace(set);
            var labels = meta.Obj("labels");
            foreach (var (k, v) in selectorLabels ?? []) labels[k] = v?.DeepClone();
            claims[ObjectMeta.Name(template) ?? ""] = claim;
        }
        return claims;
    }

    /// <summary>Name, namespace and the pod-name label are right (upstream's identityMatches).</summary>
    public static bool IdentityMatches(JsonObject set, JsonObject pod)
    {
        var (parent, ordinal) = Parse(ObjectMeta.Name(pod) ?? "");
        return ordinal >= 0 && parent == ObjectMeta.Name(set) && ObjectMeta.Namespace(pod) == ObjectMeta.Namespace(set) &&
               ObjectMeta.Label(pod, PodNameLabel) == ObjectMeta.Name(pod);
    }

    /// <summary>Every volumeClaimTemplate is mounted from this member's claim (upstream's storageMatches).</summary>
    public static bool StorageMatches(JsonObject set, JsonObject pod)
    {
        var ordinal = Ordinal(pod);
        if (ordinal < 0) return false;
        var volumes = (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>()
            .GroupBy(v => v["name"].Str() ?? "").ToDictionary(g => g.Key, g => g.First());
        return StatefulSetSpec.VolumeClaimTemplates(set).All(t =>
            volumes.TryGetValue(ObjectMeta.Name(t) ?? "", out var v) && v["persistentVolumeClaim"]?["claimName"].Str() == ClaimName(set, t, ordinal));
    }

    /// <summary>Adds the identity labels an adopted or older pod lacks; false when there was nothing to add.</summary>
    public static bool FixIdentity(JsonObject set, JsonObject pod)
    {
        var labels = ObjectMeta.Metadata(pod).Obj("labels");
        var name = ObjectMeta.Name(pod)!;
        var index = Ordinal(pod).ToString(CultureInfo.InvariantCulture);
        if (labels[PodNameLabel].Str() == name && labels[PodIndexLabel].Str() == index) return false;
        labels[PodNameLabel] = name;
        labels[PodIndexLabel] = index;
        return true;
    }

    public static string Phase(JsonObject pod) => pod["status"]?["phase"].Str() ?? "";

    /// <summary>Known to the API server: a pod built this pass and not yet created has no phase.</summary>
    public static bool IsCreated(JsonObject pod) => Phase(pod).Length > 0;

    public static bool IsTerminating(JsonObject pod) => ObjectMeta.IsBeingDeleted(pod);

    public static bool IsRunningAndReady(JsonObject pod) => Phase(pod) == "Running" && PodState.IsReady(Model(pod));

    public static bool IsRunningAndAvailable(JsonObject pod, int minReadySeconds, DateTimeOffset now) =>
        Phase(pod) == "Running" && PodState.IsAvailable(Model(pod), minReadySeconds, now);

    /// <summary>Running, ready and not terminating.</summary>
    public static bool IsHealthy(JsonObject pod) => IsRunningAndReady(pod) && !IsTerminating(pod);

    private static V1Pod Model(JsonObject pod) => ModelJson.ToModel<V1Pod>(pod);

    private static JsonArray Volumes(JsonObject set, int ordinal, JsonArray? current)
    {
        var claims = Claims(set, ordinal);
        var volumes = new JsonArray();
        // Template order, so the pod spec is the same on every build.
        foreach (var (name, claim) in claims)
        {
            volumes.Add(new JsonObject
            {
                ["name"] = name,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = ObjectMeta.Name(claim) },
            });
        }
        foreach (var v in (current ?? []).OfType<JsonObject>())
        {
            if (!claims.ContainsKey(v["name"].Str() ?? "")) volumes.Add(v.DeepClone());
        }
        return volumes;
    }

    private static (string Parent, int Ordinal) Parse(string name)
    {
        var m = NameAndOrdinal().Match(name);
        if (!m.Success) return ("", -1);
        return (m.Groups[1].Value, int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1);
    }
}
