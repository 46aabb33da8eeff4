namespace Wharf.Controllers.Disruption;

/// <summary>
/// A budget whose status cannot be computed (a pod without controller, a controller not found, a bad percentage):
/// the budget is failed safe to zero disruptions, with <see cref="EventReason"/> recorded when set.
/// </summary>
public sealed class PdbSyncException(string message, string? eventReason = null) : Exception(message)
{
    public string? EventReason { get; } = eventReason;
}
