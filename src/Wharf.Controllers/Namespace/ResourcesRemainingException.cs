namespace Wharf.Controllers.Namespace;

/// <summary>
/// Content was deleted but some of it is still going away (graceful pods, finalizers): the namespace controller
/// looks again after half the estimate plus a second, as upstream does.
/// </summary>
public sealed class ResourcesRemainingException(long estimateSeconds)
    : RequeueAfterException(TimeSpan.FromSeconds(estimateSeconds / 2 + 1),
        $"some content remains in the namespace, estimate {estimateSeconds} seconds before it is removed")
{
    public long EstimateSeconds { get; } = estimateSeconds;
}
