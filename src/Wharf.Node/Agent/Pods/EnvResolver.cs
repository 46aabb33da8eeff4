using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// A container's environment as kubelet makes it: envFrom first (prefixed, invalid names skipped), then env in
/// order with $(VAR) expansion against what came before, valueFrom resolved from the pod, its node and the API.
/// </summary>
internal sealed partial class EnvResolver(ObjectSource objects, string podIp, string hostIp, decimal nodeCpu, decimal nodeMemory)
{
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ResolveAsync(V1Pod pod, V1Container container, CancellationToken ct)
    {
        var env = new List<KeyValuePair<string, string>>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(string name, string value)
        {
            env.RemoveAll(e => e.Key == name);
            env.Add(new(name, value));
            values[name] = value;
        }

        foreach (var source in container.EnvFrom ?? [])
        {
            var prefix = source.Prefix ?? "";
            IReadOnlyDictionary<string, byte[]>? data;
            if (source.ConfigMapRef is { } cm)
            {
                data = await objects.ConfigMapAsync(cm.Name, ct);
                if (data is null && cm.Optional != true)
                    throw new ContainerConfigException($"configmap \"{cm.Name}\" not found");
            }
            else if (source.SecretRef is { } secret)
            {
                data = await objects.SecretAsync(secret.Name, ct);
                if (data is null && secret.Optional != true)
                    throw new ContainerConfigException($"secret \"{secret.Name}\" not found");
            }
            else
            {
                continue;
            }
            foreach (var (key, value) in data ?? new Dictionary<string, byte[]>())
            {
                if (EnvName().IsMatch(prefix + key))
                    Set(prefix + key, Encoding.UTF8.GetString(value));
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            string? value;
            if (variable.ValueFrom is null)
            {
                value = VarExpansion.Expand(variable.Value ?? "", n => values.GetValueOrDefault(n));
            }
            else
            {
                value = await ValueFromAsync(pod, container, variable.ValueFrom, ct);
                if (value is null)
                    continue; // optional and missing: the variable is left out
            }
            Set(variable.Name, value);
        }
        return env;
    }

    private async Task<string?> ValueFromAsync(V1Pod pod, V1Container container, V1EnvVarSource source, CancellationToken ct)
    {
        if (source.FieldRef is { } field)
            return DownwardApi.Field(pod, field.FieldPath, podIp, hostIp);
        if (source.ResourceFieldRef is { } resource)
            return DownwardApi.Resource(pod, container.Name, resource, nodeCpu, nodeMemory);
        if (source.ConfigMapKeyRef is { } cmKey)
        {
            var data = await objects.ConfigMapAsync(cmKey.Name, ct);
            if (data is null)
                return cmKey.Optional == true ? null : throw new ContainerConfigException($"configmap \"{cmKey.Name}\" not found");
            if (!data.TryGetValue(cmKey.Key, out var bytes))
                return cmKey.Optional == true ? null : throw new ContainerConfigException($"couldn't find key {cmKey.Key} in ConfigMap {pod.Metadata.NamespaceProperty}/{cmKey.Name}");
            return Encoding.UTF8.GetString(bytes);
        }
        if (source.SecretKeyRef is { } secretKey)
        {
            var data = await objects.SecretAsync(secretKey.Name, ct);
            if (data is null)
                return secretKey.Optional == true ? null : throw new ContainerConfigException($"secret \"{secretKey.Name}\" not found");
            if (!data.TryGetValue(secretKey.Key, out var bytes))
                return secretKey.Optional == true ? null : throw new ContainerConfigException($"couldn't find key {secretKey.Key} in Secret {pod.Metadata.NamespaceProperty}/{secretKey.Name}");
            return Encoding.UTF8.GetString(bytes);
        }
        return "";
    }

    /// <summary>What upstream accepts as an env var name (C identifier-ish plus '.' and '-').</summary>
    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();
}
