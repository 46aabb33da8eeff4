namespace Wharf.Storage.Tests;

internal static class WatchCollector
{
    /// <summary>Reads <paramref name="count"/> events or fails after <paramref name="timeout"/>.</summary>
    public static async Task<List<WatchEvent>> TakeAsync(IAsyncEnumerable<WatchEvent> watch, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var events = new List<WatchEvent>(count);
        if (count == 0)
        {
            return events;
        }

        try
        {
            await foreach (var change in watch.WithCancellation(cts.Token))
            {
                events.Add(change);
                if (events.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Assert.Fail($"watch delivered {events.Count} of {count} events before timing out");
        }

        return events;
    }

    public static IEnumerable<long> Revisions(this IEnumerable<WatchEvent> events) => events.Select(e => e.Object.ModRevision);
}
