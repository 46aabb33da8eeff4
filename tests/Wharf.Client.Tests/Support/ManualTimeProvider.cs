namespace Wharf.Client.Tests.Support;

/// <summary>A clock that only moves when told to (timestamps and wall time; no timers).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(Interlocked.Read(ref _ticks)));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
