using System.Runtime.CompilerServices;
using System.Collections.Concurrent;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// Runs per-node work on up to <c>parallelism</c> workers in contiguous chunks (√n, as upstream's chunk size); the
/// first <see cref="InlineBelow"/> pieces run inline, and only what remains after them goes parallel. The calling
/// thread takes part, so a busy pool never stalls a cycle.
/// </summary>
internal static class Parallelizer
{
    /// <summary>
    /// Filter and Score cost a few microseconds per node, so up to about a thousand nodes a pass is shorter than
    /// what handing half of it to a pool thread costs: a wake-up twice per cycle and that thread's spinning
    /// afterwards, which was the largest single frame of the standalone scheduler's thread-time profile at 500
    /// nodes (docs/PERFORMANCE.md, fifth session). Unlike goroutines, .NET pool threads are not free to wake.
    /// </summary>
    internal const int InlineBelow = 1024;

    /// <summary>
    /// Calls <paramref name="work"/> for each index; a work item returning false stops the remaining ones. The first
    /// <see cref="InlineBelow"/> indices run inline in order: a Filter pass that stops early (percentageOfNodesToScore:
    /// 500 feasible nodes of 5,000) is then done before any pool thread is woken, where deciding by the total count
    /// sent every cycle of a large cluster to the pool for a few hundred microseconds of work.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static void Until(int pieces, int parallelism, Func<int, bool> work)
    {
        if (pieces <= 0) return;
        var workers = Math.Min(parallelism, Environment.ProcessorCount);
        var inline = workers <= 1 ? pieces : Math.Min(pieces, InlineBelow);
        for (var i = 0; i < inline; i++)
            if (!work(i)) return;
        if (inline == pieces) return;
        var rest = pieces - inline;
        var chunk = Math.Max(1, (int)Math.Sqrt(rest));
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers };
        Parallel.ForEach(Partitioner.Create(inline, pieces, chunk), options, (range, loop) =>
        {
            for (var i = range.Item1; i < range.Item2 && !loop.ShouldExitCurrentIteration; i++)
            {
                if (work(i)) continue;
                loop.Stop();
                return;
            }
        });
    }

    public static void ForEach(int pieces, int parallelism, Action<int> work) => Until(pieces, parallelism, i => { work(i); return true; });
}
