namespace Wharf.Scheduler.Plugins.NodeResources;

/// <summary>Utilization 0–100 → score 0–10 (scaled ×10 to node scores), as upstream.</summary>
public sealed class UtilizationShapePoint
{
    public int Utilization { get; set; }
    public int Score { get; set; }
}
