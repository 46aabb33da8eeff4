namespace Wharf.Scheduler.Framework;

/// <summary>Hands out the slot numbers of <see cref="StateKey{T}"/> (process-wide, one per key created).</summary>
internal static class StateSlots
{
    private static int s_count;

    public static int Count => Volatile.Read(ref s_count);

    public static int Next() => Interlocked.Increment(ref s_count) - 1;
}
