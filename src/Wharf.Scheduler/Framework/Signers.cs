using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// Canonical values of the signature fragments shared by several plugins: order-insensitive lists are sorted, so
/// that pods which differ only in the order of their tolerations, volumes or ports sign alike.
/// </summary>
public static class Signers
{
    public static string Tolerations(V1Pod pod)
    {
        var tolerations = pod.Spec?.Tolerations;
        if (tolerations is null || tolerations.Count == 0) return "[]";
        var sorted = tolerations.OrderBy(t => t.Key ?? "", StringComparer.Ordinal).ThenBy(t => t.Value ?? "", StringComparer.Ordinal)
            .ThenBy(t => t.Effect ?? "", StringComparer.Ordinal).ThenBy(t => t.OperatorProperty ?? "", StringComparer.Ordinal)
            .ThenBy(t => t.TolerationSeconds ?? -1);
        return KubernetesJson.Serialize(sorted.ToList());
    }

    /// <summary>Host ports as (IP, protocol, port), sorted and distinct; upstream keeps only the port numbers (stricter here, never looser).</summary>
    public static string HostPorts(V1Pod pod)
    {
        var ports = HostPortInfo.Of(pod).Distinct().Order().Select(p => $"{p.Ip}/{p.Protocol}/{p.Port.ToString(CultureInfo.InvariantCulture)}");
        return string.Join(",", ports);
    }

    /// <summary>Volume sources other than ConfigMap and Secret (those are per-pod and never affect placement), sorted.</summary>
    public static string Volumes(V1Pod pod)
    {
        var volumes = pod.Spec?.Volumes;
        if (volumes is null || volumes.Count == 0) return "[]";
        var sources = new List<string>();
        foreach (var v in volumes)
        {
            if (v.ConfigMap is not null || v.Secret is not null) continue;
            // The source alone: the volume's name is per-pod and plays no part in placement.
            var json = JsonNode.Parse(KubernetesJson.Serialize(v))!.AsObject();
            json.Remove("name");
            sources.Add(json.ToJsonString());
        }
        sources.Sort(StringComparer.Ordinal);
        return "[" + string.Join(",", sources) + "]";
    }

    public static string NodeAffinity(V1Pod pod) =>
        pod.Spec?.Affinity?.NodeAffinity is { } na ? KubernetesJson.Serialize(na) : "";

    public static string NodeSelector(V1Pod pod) => SortedMap(pod.Spec?.NodeSelector);

    public static string Labels(V1Pod pod) => SortedMap(pod.Metadata?.Labels);

    public static string ImageNames(V1Pod pod)
    {
        var images = (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []).Select(c => PodHelpers.NormalizeImage(c.Image ?? "")).ToList();
        images.Sort(StringComparer.Ordinal);
        return string.Join(",", images);
    }

    /// <summary>
    /// The requests Filter checks and the non-zero requests Score uses (an absent cpu/memory request scores as
    /// 100m/200Mi, an explicit zero as zero, so the two can differ between pods with equal actual requests).
    /// </summary>
    public static string Resources(V1Pod pod) =>
        Format(PodResources.Requests(pod)) + "|" + Format(PodResources.Requests(pod, nonZeroDefaults: true));

    private static string Format(Resource r)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{r.MilliCpu},{r.Memory},{r.EphemeralStorage}");
        if (r.Scalar is null || r.Scalar.Count == 0) return text;
        return text + "," + string.Join(",", r.Scalar.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")));
    }

    private static string SortedMap(IDictionary<string, string>? map)
    {
        if (map is null || map.Count == 0) return "";
        return string.Join(",", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
    }
}
