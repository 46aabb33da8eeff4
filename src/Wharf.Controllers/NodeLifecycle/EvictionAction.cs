namespace Wharf.Controllers.NodeLifecycle;

public enum EvictionAction
{
    Cancel,
    EvictNow,
    EvictAt,
}
