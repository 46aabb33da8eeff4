namespace Wharf.Controllers.NodeLifecycle;

/// <summary>What the node lifecycle controller may do with a node's not-ready/unreachable NoExecute taint right now.</summary>
public enum NoExecuteMode
{
    /// <summary>Set it as the node's Ready condition calls for.</summary>
    Allowed,

    /// <summary>The zone's eviction rate is used up: keep (or swap) a taint the node already has, add none.</summary>
    Deferred,

    /// <summary>Every zone is fully disrupted (upstream's master disruption mode): no NoExecute taint at all.</summary>
    Halted,
}
