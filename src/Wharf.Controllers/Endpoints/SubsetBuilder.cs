using System.Text.Json.Nodes;

namespace Wharf.Controllers.Endpoints;

/// <summary>
/// Collects (address, ready, port) triples one pod port at a time and packs them as upstream's RepackSubsets does:
/// ports offered by exactly the same addresses (with the same readiness) share one subset. The output is sorted so
/// that equal inputs give equal JSON and an unchanged Endpoints object is never rewritten.
/// </summary>
internal sealed class SubsetBuilder
{
    private readonly Dictionary<string, JsonObject> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JsonObject? Port, SortedDictionary<string, bool> Members)> _ports = new(StringComparer.Ordinal);

    public int ReadyCount { get; private set; }
    public int NotReadyCount { get; private set; }

    /// <summary>Adds one address for one port; <paramref name="port"/> null for headless services without ports.</summary>
    public void Add(JsonObject address, bool ready, JsonObject? port)
    {
        var addressKey = $"{address["ip"].Str()}\u0000{address["targetRef"]?["uid"].Str()}";
        _addresses.TryAdd(addressKey, address);
        var portKey = port is null ? "" : PortKey(port);
        if (!_ports.TryGetValue(portKey, out var entry))
        {
            entry = (port, new SortedDictionary<string, bool>(StringComparer.Ordinal));
            _ports[portKey] = entry;
        }
        entry.Members[addressKey] = ready;
        if (ready) ReadyCount++;
        else NotReadyCount++;
    }

    public JsonArray Build()
    {
        var groups = new SortedDictionary<string, (SortedDictionary<string, bool> Members, List<JsonObject> Ports)>(StringComparer.Ordinal);
        foreach (var (port, members) in _ports.Values)
        {
            var signature = string.Join("\u0001", members.Select(m => m.Key + (m.Value ? "+" : "-")));
            if (!groups.TryGetValue(signature, out var group))
            {
                group = (members, new List<JsonObject>());
                groups[signature] = group;
            }
            if (port is not null) group.Ports.Add(port);
        }

        var subsets = new JsonArray();
        foreach (var (members, ports) in groups.Values)
        {
            var subset = new JsonObject();
            var ready = Addresses(members, true);
            var notReady = Addresses(members, false);
            if (ready.Count > 0) subset["addresses"] = ready;
            if (notReady.Count > 0) subset["notReadyAddresses"] = notReady;
            if (ports.Count > 0)
                subset["ports"] = new JsonArray(ports.OrderBy(PortKey, StringComparer.Ordinal).Select(p => (JsonNode)p.DeepClone()).ToArray());
            subsets.Add(subset);
        }
        return subsets;
    }

    private JsonArray Addresses(SortedDictionary<string, bool> members, bool ready) =>
        new(members.Where(m => m.Value == ready).Select(m => (JsonNode)_addresses[m.Key].DeepClone()).ToArray());

    private static string PortKey(JsonObject port) =>
        $"{port["name"].Str()}\u0000{port["port"]}\u0000{port["protocol"].Str()}\u0000{port["appProtocol"].Str()}";
}
