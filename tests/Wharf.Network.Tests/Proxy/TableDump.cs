using System.Text.Json.Nodes;

namespace Wharf.Network.Tests.Proxy;

/// <summary>
/// The content of an nft table in a form two tables can be compared by: each chain with its rules in order, each set
/// or map with its elements sorted; handles (which differ between runs) left out.
/// </summary>
internal static class TableDump
{
    public static IReadOnlyList<string> Read(NetworkNamespace ns, string table)
    {
        var json = JsonNode.Parse(ns.Run("nft", "-j", "list", "table", "ip", table))!["nftables"]!.AsArray();
        var chains = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var item in json.OfType<JsonObject>())
        {
            if (item["chain"] is JsonObject chain)
            {
                chain.Remove("handle");
                chains.TryAdd(chain["name"]!.GetValue<string>(), []);
                chains[chain["name"]!.GetValue<string>()].Insert(0, chain.ToJsonString());
            }
            else if (item["rule"] is JsonObject rule)
            {
                var name = rule["chain"]!.GetValue<string>();
                chains.TryAdd(name, []);
                chains[name].Add(rule["expr"]!.ToJsonString());
            }
            else if ((item["set"] ?? item["map"]) is JsonObject set)
            {
                set.Remove("handle");
                var elements = (set["elem"] as JsonArray)?.Select(e => e!.ToJsonString()).Order(StringComparer.Ordinal).ToList() ?? [];
                set.Remove("elem");
                lines.Add($"set {set.ToJsonString()} = [{string.Join(", ", elements)}]");
            }
        }
        lines.AddRange(chains.Select(c => $"chain {c.Key}: {string.Join(" | ", c.Value)}"));
        return lines.Order(StringComparer.Ordinal).ToList();
    }
}
