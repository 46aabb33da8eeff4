namespace Wharf.Controllers.PodControl;

/// <summary>
/// Runs <c>count</c> calls in batches of 1, 2, 4 … in parallel, stopping after the first batch with a failure, so a
/// controller that cannot create (quota, admission) makes one failed call instead of hundreds (upstream's
/// <c>slowStartBatch</c>).
/// </summary>
public static class SlowStart
{
    /// <summary>Upstream's BurstReplicas: at most this many creates or deletes per sync.</summary>
    public const int BurstReplicas = 500;

    public const int InitialBatchSize = 1;

    /// <returns>How many calls succeeded and the first failure (null when all did).</returns>
    public static async Task<(int Successes, Exception? Error)> RunAsync(int count, int initialBatchSize, Func<int, Task> call)
    {
        var remaining = count;
        var successes = 0;
        var started = 0;
        for (var batch = Math.Min(remaining, initialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            var first = started;
            var tasks = Enumerable.Range(first, batch).Select(i => call(i)).ToList();
            started += batch;
            try
            {
                await Task.WhenAll(tasks);
            }
            catch
            {
                // Inspected below, task by task.
            }
            var failed = tasks.Where(t => !t.IsCompletedSuccessfully).ToList();
            successes += batch - failed.Count;
            if (failed.Count > 0) return (successes, failed[0].Exception?.InnerException ?? new OperationCanceledException());
            remaining -= batch;
        }
        return (successes, null);
    }
}
