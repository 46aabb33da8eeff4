using System.Globalization;
using k8s.Models;

namespace Wharf.Node.Agent.Pods;

/// <summary>fieldRef and resourceFieldRef values, shared by env vars and downwardAPI volumes.</summary>
internal static class DownwardApi
{
    public static string Field(V1Pod pod, string fieldPath, string podIp, string hostIp)
    {
        var meta = pod.Metadata;
        return fieldPath switch
        {
            "metadata.name" => meta.Name,
            "metadata.namespace" => meta.NamespaceProperty ?? "default",
            "metadata.uid" => meta.Uid,
            "metadata.labels" => FormatMap(meta.Labels),
            "metadata.annotations" => FormatMap(meta.Annotations),
            "spec.nodeName" => pod.Spec.NodeName ?? "",
            "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "default",
            "status.podIP" or "status.podIPs" => podIp,
            "status.hostIP" or "status.hostIPs" => hostIp,
            _ when fieldPath.StartsWith("metadata.labels['", StringComparison.Ordinal) => Lookup(meta.Labels, fieldPath),
            _ when fieldPath.StartsWith("metadata.annotations['", StringComparison.Ordinal) => Lookup(meta.Annotations, fieldPath),
            _ => throw new ContainerConfigException($"unsupported fieldPath: {fieldPath}"),
        };
    }

    /// <summary>A container's limit or request, in units of the divisor (rounded up); a missing limit is the node's allocatable.</summary>
    public static string Resource(V1Pod pod, string? containerName, V1ResourceFieldSelector selector, decimal nodeCpu, decimal nodeMemory)
    {
        var container = (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? [])
            .FirstOrDefault(c => c.Name == (selector.ContainerName is { Length: > 0 } n ? n : containerName))
            ?? throw new ContainerConfigException($"container {selector.ContainerName} not found");
        var parts = selector.Resource.Split('.', 2);
        var list = parts[0] == "limits" ? container.Resources?.Limits : container.Resources?.Requests;
        decimal value;
        if (list is not null && list.TryGetValue(parts[1], out var quantity))
            value = quantity.ToDecimal();
        else if (parts[0] == "limits")
            value = parts[1] switch { "cpu" => nodeCpu, "memory" => nodeMemory, _ => 0 };
        else
            value = 0;
        var divisor = selector.Divisor?.ToDecimal() is { } d and > 0 ? d : 1;
        return ((long)Math.Ceiling(value / divisor)).ToString(CultureInfo.InvariantCulture);
    }

    private static string Lookup(IDictionary<string, string>? map, string fieldPath)
    {
        var start = fieldPath.IndexOf("['", StringComparison.Ordinal) + 2;
        var key = fieldPath[start..fieldPath.LastIndexOf("']", StringComparison.Ordinal)];
        return map is not null && map.TryGetValue(key, out var value) ? value : "";
    }

    private static string FormatMap(IDictionary<string, string>? map) =>
        map is null ? "" : string.Join('\n', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}=\"{p.Value}\""));
}
