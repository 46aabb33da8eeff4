namespace Wharf.Scheduler.Framework;

/// <summary>Runs per-node work on up to <c>parallelism</c> workers in contiguous chunks; small inputs run inline.</summary>
internal static class Parallelizer
{
    private const int InlineBelow = 64;

    /// <summary>Calls <paramref name="work"/> for each index; a work item returning false stops the remaining ones.</summary>
    public static void Until(int pieces, int parallelism, Func<int, bool> work)
    {
        if (pieces <= 0) return;
        if (parallelism <= 1 || pieces < InlineBelow || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < pieces; i++)
                if (!work(i)) return;
            return;
        }
        var workers = Math.Min(Math.Min(parallelism, Environment.ProcessorCount), pieces);
        var chunk = Math.Max(1, (int)Math.Sqrt(pieces));
        var next = -chunk;
        var stop = 0;
        var tasks = new Task[workers - 1];
        void Worker()
        {
            while (Volatile.Read(ref stop) == 0)
            {
                var start = Interlocked.Add(ref next, chunk);
                if (start >= pieces) return;
                var end = Math.Min(start + chunk, pieces);
                for (var i = start; i < end; i++)
                {
                    if (work(i)) continue;
                    Volatile.Write(ref stop, 1);
                    return;
                }
            }
        }
        for (var t = 0; t < tasks.Length; t++) tasks[t] = Task.Run(Worker);
        Worker();
        Task.WaitAll(tasks);
    }

    public static void ForEach(int pieces, int parallelism, Action<int> work) => Until(pieces, parallelism, i => { work(i); return true; });
}
