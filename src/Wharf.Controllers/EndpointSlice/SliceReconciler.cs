using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.EndpointSlice;

/// <summary>
/// Works out how a service's existing slices become the desired ones with few writes (upstream's reconciler):
/// slices of port sets no longer wanted go; endpoints no longer wanted leave their slice, changed ones are
/// replaced in place; new endpoints fill slices already being rewritten, then one unchanged slice if all of them
/// fit, then new slices of at most <c>maxEndpointsPerSlice</c>. With <c>placeholder</c>, a service without
/// endpoints keeps one empty slice (the EndpointSlice controller does, mirroring does not).
/// </summary>
internal sealed class SliceReconciler(int maxEndpointsPerSlice = SliceReconciler.MaxEndpointsPerSlice, bool placeholder = true)
{
    public const int MaxEndpointsPerSlice = 100;

    /// <param name="template">Builds a new slice (metadata, owner, labels, annotations) for an address type and ports.</param>
    /// <param name="metaCurrent">Whether an existing slice's labels and annotations are already as wanted.</param>
    /// <param name="applyMeta">Sets labels and annotations on a slice about to be written.</param>
    public SlicePlan Plan(DesiredSlices desired, IReadOnlyList<JsonObject> existing, Func<string, JsonArray, JsonObject> template,
        Func<JsonObject, bool> metaCurrent, Action<JsonObject> applyMeta)
    {
        var plan = new SlicePlan();
        var existingByKey = existing.GroupBy(SliceKeys.PortSet).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (key, slices) in existingByKey)
        {
            if (!desired.Groups.ContainsKey(key)) plan.Delete.AddRange(slices);
        }

        foreach (var (key, group) in desired.Groups)
        {
            var remaining = new Dictionary<string, JsonObject>(group.Endpoints, StringComparer.Ordinal);
            var unchanged = new List<JsonObject>();
            var rewriting = new List<JsonObject>();
            foreach (var slice in existingByKey.GetValueOrDefault(key) ?? [])
            {
                var kept = new JsonArray();
                var changed = !metaCurrent(slice);
                foreach (var endpoint in slice["endpoints"] as JsonArray ?? [])
                {
                    if (remaining.Remove(SliceKeys.Endpoint(endpoint), out var wanted))
                    {
                        changed |= !JsonNode.DeepEquals(endpoint, wanted);
                        kept.Add(wanted.DeepClone());
                    }
                    else
                    {
                        changed = true;
                    }
                }
                if (kept.Count == 0)
                {
                    plan.Delete.Add(slice);
                    continue;
                }
                if (!changed)
                {
                    unchanged.Add(slice);
                    continue;
                }
                var update = slice.DeepClone().AsObject();
                update["endpoints"] = kept;
                rewriting.Add(update);
            }

            foreach (var slice in rewriting) Fill(slice, remaining);
            if (remaining.Count > 0
                && unchanged.Where(s => Count(s) + remaining.Count <= maxEndpointsPerSlice).MaxBy(Count) is { } roomy)
            {
                var update = roomy.DeepClone().AsObject();
                Fill(update, remaining);
                rewriting.Add(update);
            }
            while (remaining.Count > 0)
            {
                var created = template(group.AddressType, (JsonArray)group.Ports.DeepClone());
                created["endpoints"] = new JsonArray();
                Fill(created, remaining);
                plan.Create.Add(created);
            }
            plan.Update.AddRange(rewriting);
        }

        if (placeholder) KeepOnePlaceholder(plan, existing, template, metaCurrent, desired);
        foreach (var slice in plan.Create.Concat(plan.Update)) applyMeta(slice);
        return plan;
    }

    /// <summary>When no slice would be left, an empty one (no ports, no endpoints) stays or is made.</summary>
    private static void KeepOnePlaceholder(SlicePlan plan, IReadOnlyList<JsonObject> existing, Func<string, JsonArray, JsonObject> template,
        Func<JsonObject, bool> metaCurrent, DesiredSlices desired)
    {
        if (existing.Count - plan.Delete.Count + plan.Create.Count > 0) return;
        var placeholder = plan.Delete.FirstOrDefault(s => Count(s) == 0 && (s["ports"] as JsonArray ?? []).Count == 0);
        if (placeholder is not null)
        {
            plan.Delete.Remove(placeholder);
            if (!metaCurrent(placeholder)) plan.Update.Add(placeholder.DeepClone().AsObject());
            return;
        }
        var addressType = desired.Groups.Values.FirstOrDefault()?.AddressType ?? "IPv4";
        var created = template(addressType, []);
        created["endpoints"] = new JsonArray();
        plan.Create.Add(created);
    }

    private void Fill(JsonObject slice, Dictionary<string, JsonObject> remaining)
    {
        var endpoints = slice["endpoints"] as JsonArray ?? [];
        slice["endpoints"] = endpoints;
        foreach (var (key, endpoint) in remaining.ToList())
        {
            if (endpoints.Count >= maxEndpointsPerSlice) break;
            endpoints.Add(endpoint.DeepClone());
            remaining.Remove(key);
        }
    }

    private static int Count(JsonObject slice) => (slice["endpoints"] as JsonArray)?.Count ?? 0;
}
