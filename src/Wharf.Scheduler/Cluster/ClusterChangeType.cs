namespace Wharf.Scheduler.Cluster;

public enum ClusterChangeType
{
    Added,
    Modified,
    Deleted,
    /// <summary>The initial list of every kind has been delivered.</summary>
    Synced,
}
