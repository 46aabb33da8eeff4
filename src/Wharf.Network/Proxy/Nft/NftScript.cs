using System.Text;
using Wharf.Network.Proxy.Rules;

namespace Wharf.Network.Proxy.Nft;

/// <summary>
/// Writes the nft batches that bring the table from one state to the next. <c>nft -f</c> applies a batch as one
/// transaction, so packets see either the old rules or the new ones.
/// </summary>
internal static class NftScript
{
    /// <summary>Recreates the whole table: whatever a previous run or a failed sync left behind is gone.</summary>
    public static string Full(string table, BaseTable baseTable, IEnumerable<ServiceRules> services)
    {
        var script = new StringBuilder();
        // "add" first so the delete cannot fail on a fresh machine; both happen in the same transaction as the rebuild.
        script.Append("add table ip ").Append(table).Append('\n');
        script.Append("delete table ip ").Append(table).Append('\n');
        baseTable.Write(script, table);
        var phases = new Phases(table);
        foreach (var service in services) phases.Add(null, service);
        phases.AppendTo(script);
        return script.ToString();
    }

    /// <summary>
    /// Only what differs: stale map elements deleted, changed chains flushed and rewritten, gone chains and sets deleted,
    /// new ones added. Empty when nothing differs.
    /// </summary>
    public static string Incremental(string table, BaseTable oldBase, BaseTable newBase, IEnumerable<(ServiceRules? Old, ServiceRules? New)> changes)
    {
        var script = new StringBuilder();
        if (!oldBase.SameAddresses(newBase))
        {
            // The service CIDR is fixed for a run; only the NodePort addresses follow the Node.
            script.Append("flush set ip ").Append(table).Append(' ').Append(TableNames.NodePortIps).Append('\n');
            if (newBase.NodePortIps.Count > 0)
                script.Append("add element ip ").Append(table).Append(' ').Append(TableNames.NodePortIps).Append(" { ").AppendJoin(", ", newBase.NodePortIps).Append(" }\n");
        }
        var phases = new Phases(table);
        foreach (var (old, @new) in changes) phases.Add(old, @new);
        phases.AppendTo(script);
        return script.ToString();
    }

    public static string Delete(string table) => $"add table ip {table}\ndelete table ip {table}\n";

    /// <summary>
    /// The four steps of a batch, in the order the kernel needs: references go before what they point at is deleted,
    /// and what they point at exists before they are added.
    /// </summary>
    private sealed class Phases(string table)
    {
        private readonly StringBuilder _unlink = new();   // delete elements, flush chains
        private readonly StringBuilder _remove = new();   // delete chains and sets
        private readonly StringBuilder _create = new();   // add sets and chains, then rules
        private readonly StringBuilder _link = new();     // add elements
        private readonly List<(string Set, string Text)> _deletedElements = [];
        private readonly List<(string Set, string Text)> _addedElements = [];

        public void Add(ServiceRules? old, ServiceRules? @new)
        {
            var oldChains = old?.Chains.DistinctBy(c => c.Name).ToDictionary(c => c.Name) ?? [];
            var newChains = @new?.Chains.DistinctBy(c => c.Name).ToDictionary(c => c.Name) ?? [];
            var oldSets = old?.Sets.DistinctBy(s => s.Name).ToDictionary(s => s.Name) ?? [];
            var newSets = @new?.Sets.DistinctBy(s => s.Name).ToDictionary(s => s.Name) ?? [];
            // A set can only be replaced once no rule refers to it: rewrite every chain of the service then.
            var setsChanged = oldSets.Values.Any(s => !newSets.TryGetValue(s.Name, out var n) || n != s);

            var oldElements = (old?.Elements ?? []).DistinctBy(e => (e.Set, e.Key)).ToDictionary(e => (e.Set, e.Key));
            var newElements = (@new?.Elements ?? []).DistinctBy(e => (e.Set, e.Key)).ToDictionary(e => (e.Set, e.Key));
            foreach (var (key, element) in oldElements)
            {
                if (!newElements.TryGetValue(key, out var replacement) || replacement != element)
                    _deletedElements.Add((element.Set, element.Key));
            }
            foreach (var (key, element) in newElements)
            {
                if (!oldElements.TryGetValue(key, out var previous) || previous != element)
                    _addedElements.Add((element.Set, element.Text));
            }

            foreach (var chain in oldChains.Values)
            {
                var kept = newChains.TryGetValue(chain.Name, out var next);
                if (!kept || setsChanged || !chain.SameRules(next!))
                    Line(_unlink, "flush chain", chain.Name);
                if (!kept) Line(_remove, "delete chain", chain.Name);
            }
            foreach (var set in oldSets.Values)
            {
                if (!newSets.TryGetValue(set.Name, out var next) || next != set)
                    Line(_remove, "delete set", set.Name);
            }
            foreach (var set in newSets.Values)
            {
                if (!oldSets.TryGetValue(set.Name, out var previous) || previous != set)
                    _create.Append("add set ip ").Append(table).Append(' ').Append(set.Name).Append(" { ").Append(set.Definition).Append(" }\n");
            }
            foreach (var chain in newChains.Values)
            {
                if (!oldChains.ContainsKey(chain.Name)) Line(_create, "add chain", chain.Name);
            }
            foreach (var chain in newChains.Values)
            {
                if (oldChains.TryGetValue(chain.Name, out var previous) && !setsChanged && previous.SameRules(chain)) continue;
                foreach (var rule in chain.Rules)
                    _create.Append("add rule ip ").Append(table).Append(' ').Append(chain.Name).Append(' ').Append(rule).Append('\n');
            }
        }

        public void AppendTo(StringBuilder script)
        {
            Elements(_unlink, "delete", _deletedElements);
            Elements(_link, "add", _addedElements);
            script.Append(_unlink).Append(_remove).Append(_create).Append(_link);
        }

        private void Line(StringBuilder builder, string verb, string name) =>
            builder.Append(verb).Append(" ip ").Append(table).Append(' ').Append(name).Append('\n');

        /// <summary>One command per set or map, in chunks so no line grows without bound.</summary>
        private void Elements(StringBuilder builder, string verb, List<(string Set, string Text)> elements)
        {
            foreach (var group in elements.GroupBy(e => e.Set))
            {
                foreach (var chunk in group.Chunk(500))
                {
                    builder.Append(verb).Append(" element ip ").Append(table).Append(' ').Append(group.Key).Append(" { ")
                        .AppendJoin(", ", chunk.Select(e => e.Text)).Append(" }\n");
                }
            }
        }
    }
}
