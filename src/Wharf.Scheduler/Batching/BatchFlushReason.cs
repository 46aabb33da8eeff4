namespace Wharf.Scheduler.Batching;

/// <summary>Values of the reason label of scheduler_batch_cache_flushed_total (upstream's).</summary>
public static class BatchFlushReason
{
    /// <summary>The previous cycle did not store a success (it failed, or ended before its results were stored).</summary>
    public const string PodFailed = "pod_failed";

    /// <summary>A cycle ran in between (another profile's pod, or a pod that failed).</summary>
    public const string PodSkipped = "pod_skipped";

    /// <summary>The node chosen last is gone from the snapshot.</summary>
    public const string NodeMissing = "node_missing";

    /// <summary>The pod still fits the node chosen last, so the stored ranking no longer says where it goes best.</summary>
    public const string NodeNotFull = "node_not_full";

    /// <summary>Nothing ranked below the chosen node (one feasible node).</summary>
    public const string EmptyList = "empty_list";

    /// <summary>The ranking is older than <see cref="OpportunisticBatch.MaxBatchAge"/>.</summary>
    public const string Expired = "expired";

    /// <summary>The pod's signature differs from the one the ranking was made for.</summary>
    public const string PodIncompatible = "pod_incompatible";

    /// <summary>The scheduled pod had no signature, so its ranking cannot be reused.</summary>
    public const string PodNotBatchable = "pod_not_batchable";
}
