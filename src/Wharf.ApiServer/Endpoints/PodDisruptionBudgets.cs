using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Rest.Selectors;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// The eviction check against PodDisruptionBudgets: an eviction that a matching budget does not allow is refused
/// with 429 (kubectl drain retries); an allowed one uses up one disruption in the budget's status.
/// </summary>
public static class PodDisruptionBudgets
{
    public static async Task CheckAsync(ResourceStore store, ResourceCatalog catalog, JsonObject pod, CancellationToken ct)
    {
        var pdbKind = catalog.Find("policy", "v1", "poddisruptionbudgets");
        if (pdbKind is null) return;
        var ns = pod["metadata"].Str("namespace");
        var labels = pod["metadata"]?["labels"] as JsonObject;
        // Pods that are not running cannot be disrupted further.
        if (pod["status"].Str("phase") is "Succeeded" or "Failed" or "Pending") return;
        var budgets = await store.ListAsync(pdbKind, ns, new ListOptions(), ct);
        var matching = budgets.Items.Where(b => b["spec"]?["selector"] is JsonObject selector
            && LabelSelector.Parse(SelectorText.Of(selector)).Matches(labels)).ToList();
        if (matching.Count > 1)
            throw new StatusException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        if (matching.Count == 0) return;
        var budget = matching[0];
        var name = budget["metadata"].Str("name")!;
        var allowed = budget["status"]?["disruptionsAllowed"].Long() ?? 0;
        var observed = budget["status"]?["observedGeneration"].Long() ?? 0;
        var generation = budget["metadata"]?["generation"].Long() ?? 0;
        if (allowed <= 0 || observed < generation)
        {
            var cause = observed < generation
                ? "Observed generation of the disruption budget is older than its generation"
                : $"The disruption budget {name} needs {budget["status"]?["desiredHealthy"] ?? 0} healthy pods and has {budget["status"]?["currentHealthy"] ?? 0} currently";
            throw new StatusException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.",
                new StatusDetails(null, null, null, [new StatusCause("DisruptionBudget", cause)]), retryAfterSeconds: 10);
        }
        await store.GuaranteedUpdateAsync(pdbKind, ns, name, "status", pdb =>
        {
            var status = pdb.Obj("status");
            status["disruptionsAllowed"] = Math.Max(0, (status["disruptionsAllowed"].Long() ?? 0) - 1);
            status.Obj("disruptedPods")[pod["metadata"].Str("name")!] = ResourceStore.Timestamp(DateTimeOffset.UtcNow);
            return pdb;
        }, WriteOptions.Default, ct);
    }
}
