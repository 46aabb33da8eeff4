namespace Wharf.Controllers.NodeLifecycle;

/// <summary>Upstream's zone states: how much of a zone is not Ready decides how fast its nodes get NoExecute taints.</summary>
public enum ZoneState
{
    Normal,
    PartialDisruption,
    FullDisruption,
}
