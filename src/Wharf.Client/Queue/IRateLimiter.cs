namespace Wharf.Client.Queue;

/// <summary>Decides how long an item waits before it is queued again (client-go's workqueue.RateLimiter).</summary>
public interface IRateLimiter<in T>
{
    /// <summary>The delay for this attempt; counts the attempt.</summary>
    TimeSpan When(T item);

    /// <summary>Stops tracking the item (it succeeded).</summary>
    void Forget(T item);

    /// <summary>How many times the item failed since its last <see cref="Forget"/>.</summary>
    int NumRequeues(T item);
}
