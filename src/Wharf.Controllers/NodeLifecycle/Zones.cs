using System.Text.Json.Nodes;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>Failure zones of nodes and their states, as upstream's node lifecycle controller computes them.</summary>
public static class Zones
{
    private const string TopologyZone = "topology.kubernetes.io/zone";
    private const string TopologyRegion = "topology.kubernetes.io/region";
    private const string BetaZone = "failure-domain.beta.kubernetes.io/zone";
    private const string BetaRegion = "failure-domain.beta.kubernetes.io/region";

    /// <summary>
    /// Upstream's GetZoneKey: region and zone joined by ":\0:" (the beta labels win over the GA ones, as upstream
    /// reads them first); empty for a node with neither, all such nodes forming one zone.
    /// </summary>
    public static string KeyOf(JsonObject node)
    {
        var labels = node["metadata"]?["labels"] as JsonObject;
        var zone = labels?[BetaZone].Str() ?? labels?[TopologyZone].Str() ?? "";
        var region = labels?[BetaRegion].Str() ?? labels?[TopologyRegion].Str() ?? "";
        return region.Length == 0 && zone.Length == 0 ? "" : region + ":\0:" + zone;
    }

    /// <summary>
    /// Upstream's ComputeZoneState: no Ready node but some not Ready → FullDisruption; more than two not Ready and at
    /// least <paramref name="unhealthyThreshold"/> of the zone → PartialDisruption; else Normal. A node without a Ready
    /// condition yet is not counted.
    /// </summary>
    public static ZoneState StateOf(int ready, int notReady, double unhealthyThreshold) => (ready, notReady) switch
    {
        (0, > 0) => ZoneState.FullDisruption,
        _ when notReady > 2 && (double)notReady / (notReady + ready) >= unhealthyThreshold => ZoneState.PartialDisruption,
        _ => ZoneState.Normal,
    };

    /// <summary>Every zone's state and size (nodes counted in it) from the nodes' Ready conditions.</summary>
    public static IReadOnlyDictionary<string, (ZoneState State, int Size)> Compute(IEnumerable<JsonObject> nodes, double unhealthyThreshold)
    {
        var counts = new Dictionary<string, (int Ready, int NotReady)>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var key = KeyOf(node);
            var (ready, notReady) = counts.GetValueOrDefault(key);
            switch (NodeConditions.Status(node, NodeConditions.Ready))
            {
                case "True":
                    ready++;
                    break;
                case null:
                    break;
                default:
                    notReady++;
                    break;
            }
            counts[key] = (ready, notReady);
        }
        return counts.ToDictionary(c => c.Key, c => (StateOf(c.Value.Ready, c.Value.NotReady, unhealthyThreshold), c.Value.Ready + c.Value.NotReady), StringComparer.Ordinal);
    }
}
