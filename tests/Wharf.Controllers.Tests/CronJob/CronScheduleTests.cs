using Wharf.Controllers.CronJob;

namespace Wharf.Controllers.Tests.CronJob;

public sealed class CronScheduleTests
{
    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s + "Z").ToUniversalTime();

    [Theory]
    [InlineData("every minute", "* * * * *", "2026-03-10T10:15:30", "2026-03-10T10:16:00")]
    [InlineData("step minutes", "*/15 * * * *", "2026-03-10T10:15:00", "2026-03-10T10:30:00")]
    [InlineData("offset step", "5/20 * * * *", "2026-03-10T10:30:00", "2026-03-10T10:45:00")]
    [InlineData("list and range", "0 9-11,14 * * *", "2026-03-10T11:00:00", "2026-03-10T14:00:00")]
    [InlineData("hourly macro", "@hourly", "2026-03-10T10:15:00", "2026-03-10T11:00:00")]
    [InlineData("daily macro", "@daily", "2026-03-10T10:15:00", "2026-03-11T00:00:00")]
    [InlineData("midnight macro", "@midnight", "2026-03-10T00:00:00", "2026-03-11T00:00:00")]
    [InlineData("weekly macro is sunday", "@weekly", "2026-03-10T10:15:00", "2026-03-15T00:00:00")]
    [InlineData("monthly macro", "@monthly", "2026-03-10T10:15:00", "2026-04-01T00:00:00")]
    [InlineData("yearly macro", "@yearly", "2026-03-10T10:15:00", "2027-01-01T00:00:00")]
    [InlineData("month and weekday names", "30 8 * feb-apr MON-fri", "2026-03-13T09:00:00", "2026-03-16T08:30:00")]
    [InlineData("seven is sunday", "0 0 * * 7", "2026-03-10T10:15:00", "2026-03-15T00:00:00")]
    [InlineData("day of month or weekday when both restricted", "0 0 13 * 5", "2026-03-01T00:00:00", "2026-03-06T00:00:00")]
    [InlineData("day of month and weekday when one is a wildcard", "0 0 */1 * 5", "2026-03-01T00:00:00", "2026-03-06T00:00:00")]
    [InlineData("leap day", "0 0 29 2 *", "2026-03-01T00:00:00", "2028-02-29T00:00:00")]
    public void Next_InUtc_IsTheFirstActivationAfter(string name, string schedule, string after, string expected)
    {
        _ = name;
        Assert.Equal(Utc(expected), CronSchedule.Parse(schedule).Next(Utc(after), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Next_InATimeZone_FollowsItsWallClockAcrossDaylightSaving()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var schedule = CronSchedule.Parse("0 9 * * *");
        // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC after the switch on 29 March 2026.
        Assert.Equal(Utc("2026-03-27T08:00:00"), schedule.Next(Utc("2026-03-26T09:00:00"), berlin));
        Assert.Equal(Utc("2026-03-30T07:00:00"), schedule.Next(Utc("2026-03-29T08:00:00"), berlin));
    }

    [Fact]
    public void Next_SkipsAWallClockTimeThatDoesNotExist()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // 02:30 does not exist on 29 March 2026 in Berlin; the next run is the day after.
        Assert.Equal(Utc("2026-03-30T00:30:00"), CronSchedule.Parse("30 2 * * *").Next(Utc("2026-03-28T12:00:00"), berlin));
    }

    [Theory]
    [InlineData("too few fields", "* * * *")]
    [InlineData("too many fields", "* * * * * *")]
    [InlineData("minute out of range", "60 * * * *")]
    [InlineData("day zero", "0 0 0 * *")]
    [InlineData("reversed range", "0 10-5 * * *")]
    [InlineData("zero step", "*/0 * * * *")]
    [InlineData("unknown macro", "@fortnightly")]
    [InlineData("garbage", "every day")]
    public void Parse_RejectsInvalidSchedules(string name, string schedule)
    {
        _ = name;
        Assert.False(CronSchedule.TryParse(schedule, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("nothing due yet", "2026-03-10T10:00:30", "2026-03-10T10:00:50", null, 0)]
    [InlineData("one due", "2026-03-10T10:00:30", "2026-03-10T10:01:10", "2026-03-10T10:01:00", 1)]
    [InlineData("several missed, latest wins", "2026-03-10T10:00:30", "2026-03-10T10:05:10", "2026-03-10T10:05:00", 5)]
    [InlineData("too many missed", "2026-03-10T08:00:30", "2026-03-10T10:05:10", "2026-03-10T10:05:00", 125)]
    public void MostRecent_FindsTheLatestDueTime(string name, string earliest, string now, string? expected, long missed)
    {
        _ = name;
        var (mostRecent, count) = ScheduleTimes.MostRecent(CronSchedule.Parse("* * * * *"), TimeZoneInfo.Utc, Utc(earliest), Utc(now));
        Assert.Equal(expected is null ? null : Utc(expected), mostRecent);
        Assert.Equal(missed, count);
    }

    [Fact]
    public void MostRecent_OfAnIrregularSchedule_IsExact()
    {
        // Weekdays only: the estimate from Monday→Tuesday would overshoot over the weekend.
        var (mostRecent, _) = ScheduleTimes.MostRecent(CronSchedule.Parse("0 9 * * 1-5"), TimeZoneInfo.Utc, Utc("2026-03-09T00:00:00"), Utc("2026-03-15T12:00:00"));
        Assert.Equal(Utc("2026-03-13T09:00:00"), mostRecent);
    }
}
