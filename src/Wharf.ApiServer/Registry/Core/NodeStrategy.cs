using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Nodes: pod CIDRs that parse (one per IP family), taints with qualified keys, label values and known effects, unique
/// by key and effect; pod CIDRs and the provider ID are set once. The status given at registration is kept.
/// </summary>
internal sealed class NodeStrategy : ResourceStrategy
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public NodeStrategy()
    {
        HasStatusSubresource = true;
        KeepsStatusOnCreate = true;
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var cidrs = PodCidrs(spec);
        var families = new HashSet<AddressFamily>();
        var duplicateFamily = false;
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!NetworkRules.TryParseCidr(cidrs[i], out var network))
                yield return FieldError.Invalid($"spec.podCIDRs[{i}]", cidrs[i], "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
            else if (!families.Add(network.BaseAddress.AddressFamily))
                duplicateFamily = true;
        }
        if (duplicateFamily || cidrs.Count > 2)
            yield return FieldError.Invalid("spec.podCIDRs", new RawFieldValue("[]string{" + string.Join(", ", cidrs.Select(c => $"\"{c}\"")) + "}"), "may specify no more than one CIDR for each IP family");

        var seen = new HashSet<(string, string)>();
        var index = 0;
        foreach (var taint in spec?["taints"].Objects() ?? [])
        {
            var at = $"spec.taints[{index++}]";
            var key = taint.Str("key") ?? "";
            foreach (var msg in NameRules.IsQualifiedName(key))
                yield return FieldError.Invalid($"{at}.key", key, msg);
            var value = taint.Str("value") ?? "";
            foreach (var msg in NameRules.IsValidLabelValue(value))
                yield return FieldError.Invalid($"{at}.value", value, msg);
            foreach (var e in FieldRules.OneOf(taint, "effect", $"{at}.effect", Effects, required: true)) yield return e;
            if (!seen.Add((key, taint.Str("effect") ?? "")))
                yield return FieldError.Invalid(at, new RawFieldValue(taint.ToJsonString()), "taints must be unique by key and effect pair");
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        var before = PodCidrs(old["spec"] as JsonObject);
        if (before.Count > 0 && !before.SequenceEqual(PodCidrs(obj["spec"] as JsonObject)))
            yield return FieldError.Forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid");
        var providerId = old["spec"].Str("providerID");
        if (!string.IsNullOrEmpty(providerId) && obj["spec"].Str("providerID") != providerId)
            yield return FieldError.Forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid");
    }

    /// <summary>podCIDRs, or the v1 singular podCIDR it mirrors when only that is given.</summary>
    private static List<string> PodCidrs(JsonObject? spec)
    {
        var list = (spec?["podCIDRs"] as JsonArray ?? []).Select(c => c?.ToString() ?? "").ToList();
        if (list.Count == 0 && spec.Str("podCIDR") is { Length: > 0 } single) list.Add(single);
        return list;
    }
}
