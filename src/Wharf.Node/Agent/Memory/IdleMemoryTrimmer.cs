using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Wharf.Node.Agent.Memory;

/// <summary>
/// Gives an idle agent's freed memory back to the OS, as Go's runtime scavenger does for a Go kubelet: a
/// compacting, aggressive full collection (the GC then decommits its free regions instead of keeping them for the
/// next allocations) followed by <see cref="NativeHeap.Trim"/>. When is up to <see cref="IdleTrimPolicy"/>; the
/// check itself reads one counter every <see cref="CheckInterval"/>. Only for a process of its own (<c>wharf
/// agent</c>): in <c>wharf server</c> a compaction would pause the API server for its much larger heap.
/// </summary>
public sealed class IdleMemoryTrimmer(IdleTrimPolicy policy, ILogger logger, TimeProvider? time = null)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task RunAsync(CancellationToken ct)
    {
        long? lastTrim = null;
        long atLastTrim = 0;
        var atLastCheck = GC.GetTotalAllocatedBytes();
        using var timer = new PeriodicTimer(CheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var now = GC.GetTotalAllocatedBytes();
                if (policy.ShouldTrim(now, atLastCheck, atLastTrim, lastTrim is { } at ? _time.GetElapsedTime(at) : TimeSpan.MaxValue))
                {
                    Trim();
                    lastTrim = _time.GetTimestamp();
                    now = GC.GetTotalAllocatedBytes();
                    atLastTrim = now;
                }
                else if (logger.IsEnabled(LogLevel.Trace))
                {
                    logger.LogTrace("Idle memory trim check: allocated {Bytes} bytes in the last {Interval}", now - atLastCheck, CheckInterval);
                }
                atLastCheck = now;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>One trim now; logs what each step gave back and the CPU it took.</summary>
    public void Trim()
    {
        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;
        var cpu = process.TotalProcessorTime;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        process.Refresh();
        var afterGc = process.WorkingSet64;
        var native = NativeHeap.Trim();
        process.Refresh();
        logger.LogInformation("Idle memory trim: RSS {Before:F1} MB, {AfterGc:F1} after the collection (GC heap {Heap:F1} MB), {After:F1} after malloc_trim ({Native}); {Cpu:F0} ms CPU",
            before / 1048576.0, afterGc / 1048576.0, GC.GetTotalMemory(false) / 1048576.0, process.WorkingSet64 / 1048576.0, native ? "released" : "nothing",
            (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }
}
