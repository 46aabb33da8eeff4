using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>ResourceQuotas: hard limits on quota-able resource names with non-negative quantities, known scopes.</summary>
internal sealed class ResourceQuotaStrategy : ResourceStrategy
{
    private static readonly HashSet<string> StandardQuotaResources =
    [
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims",
        "services.nodeports", "services.loadbalancers", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
        "requests.storage", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    ];

    private static readonly string[] Scopes = ["BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating", "VolumeAttributesClass"];

    public ResourceQuotaStrategy() => HasStatusSubresource = true;

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        foreach (var (name, quantity) in spec?["hard"] as JsonObject ?? [])
        {
            var path = $"spec.hard[{name}]";
            foreach (var msg in NameRules.IsQualifiedName(name))
                yield return FieldError.Invalid(path, name, msg);
            if (!name.Contains('/') && !StandardQuotaResources.Contains(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal) && !name.StartsWith("requests.hugepages-", StringComparison.Ordinal))
                yield return FieldError.Invalid(path, name, "must be a standard resource for quota");
            foreach (var e in QuantityRules.NonNegative(quantity, path)) yield return e;
        }
        var scopes = (spec?["scopes"] as JsonArray ?? []).Select(s => s?.ToString() ?? "").ToList();
        if (scopes.Any(s => !Scopes.Contains(s)))
            yield return FieldError.Invalid("spec.scopes", new RawFieldValue("[]core.ResourceQuotaScope{" + string.Join(", ", scopes.Select(s => $"\"{s}\"")) + "}"), "unsupported scope");
        if ((scopes.Contains("Terminating") && scopes.Contains("NotTerminating")) || (scopes.Contains("BestEffort") && scopes.Contains("NotBestEffort")))
            yield return FieldError.Invalid("spec.scopes", new RawFieldValue("[]core.ResourceQuotaScope{" + string.Join(", ", scopes.Select(s => $"\"{s}\"")) + "}"), "conflicting scopes");
    }
}
