namespace Wharf.Node.Agent.Memory;

/// <summary>
/// When an idle process should hand its freed memory back to the OS: after enough work happened since the last
/// trim (<see cref="Activity"/> bytes allocated, so that freed GC regions and malloc pages are likely) and once
/// allocation has gone quiet (under <see cref="Quiet"/> bytes since the previous check), at most once per
/// <see cref="MinimumInterval"/>. A steadily busy process is never trimmed (it would reuse the memory at once), an
/// idle one once after start-up and then once after each burst of work settles.
/// </summary>
public sealed record IdleTrimPolicy(long Activity, long Quiet, TimeSpan MinimumInterval)
{
    /// <summary>
    /// The agent's: a pod burst or the start-up allocates tens of MB; idle, the agent's lease renewals, status
    /// posts and image-folder polls allocate well under 1 MB per check (measured, see docs/PERFORMANCE.md).
    /// </summary>
    public static IdleTrimPolicy Agent { get; } = new(Activity: 4 << 20, Quiet: 1 << 20, MinimumInterval: TimeSpan.FromMinutes(5));

    /// <param name="allocatedNow">Bytes allocated by the process so far (monotonic).</param>
    /// <param name="allocatedAtLastCheck">The same figure at the previous check.</param>
    /// <param name="allocatedAtLastTrim">The same figure right after the last trim (0 before the first).</param>
    /// <param name="sinceLastTrim">Time since the last trim (<see cref="TimeSpan.MaxValue"/> before the first).</param>
    public bool ShouldTrim(long allocatedNow, long allocatedAtLastCheck, long allocatedAtLastTrim, TimeSpan sinceLastTrim) =>
        allocatedNow - allocatedAtLastTrim >= Activity
        && allocatedNow - allocatedAtLastCheck < Quiet
        && sinceLastTrim >= MinimumInterval;
}
