using Wharf.Client;

namespace Wharf.Controllers.Disruption;

/// <summary>The resources the disruption controller reads that <see cref="Resource"/> has no constant for.</summary>
public static class DisruptionResources
{
    public static readonly Resource PodDisruptionBudgets = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true);
}
