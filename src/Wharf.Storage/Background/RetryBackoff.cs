namespace Wharf.Storage.Background;

/// <summary>Exponential backoff for a background pass that failed: <c>first</c>, doubled per further failure, at most <c>cap</c>.</summary>
internal static class RetryBackoff
{
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var delay = first * Math.Pow(2, Math.Min(failures - 1, 30));
        return delay < cap ? delay : cap;
    }
}
