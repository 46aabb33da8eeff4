namespace Wharf.Controllers.CronJob;

/// <summary>Which scheduled time a CronJob should run now (upstream's mostRecentScheduleTime and its miss count).</summary>
public static class ScheduleTimes
{
    /// <summary>Beyond this many missed start times the controller warns instead of catching up on all of them.</summary>
    public const int TooManyMissed = 100;

    /// <summary>
    /// The latest activation in (<paramref name="earliest"/>, <paramref name="now"/>] and roughly how many there
    /// were; null when none is due yet.
    /// </summary>
    public static (DateTimeOffset? MostRecent, long Missed) MostRecent(CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset earliest, DateTimeOffset now)
    {
        if (schedule.Next(earliest, zone) is not { } t1 || now < t1) return (null, 0);
        if (schedule.Next(t1, zone) is not { } t2 || now < t2) return (t1, 1);
        // Estimate from the interval and walk the last stretch, so a long outage costs a few steps, not thousands.
        var interval = Math.Max(1L, (long)Math.Round((t2 - t1).TotalSeconds));
        var missed = (long)(now - t1).TotalSeconds / interval + 1;
        var from = t1.AddSeconds((missed - 2) * (double)interval);
        DateTimeOffset? mostRecent = null;
        for (var t = schedule.Next(from < t1 ? t1.AddMinutes(-1) : from, zone); t is { } x && x <= now; t = schedule.Next(x, zone))
            mostRecent = x;
        if (mostRecent is null)
        {
            // Irregular schedules can make the estimate overshoot: walk from the start instead.
            for (DateTimeOffset? t = t1; t is { } x && x <= now; t = schedule.Next(x, zone))
                mostRecent = x;
        }
        return (mostRecent, missed);
    }
}
