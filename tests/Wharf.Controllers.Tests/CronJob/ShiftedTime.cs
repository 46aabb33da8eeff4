namespace Wharf.Controllers.Tests.CronJob;

/// <summary>The system clock moved by <see cref="Offset"/>: schedules come due on demand while timers still run in real time.</summary>
internal sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + Offset;
}
