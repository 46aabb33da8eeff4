using System.Globalization;

namespace Wharf.Controllers.CronJob;

/// <summary>
/// A standard five-field cron schedule (minute hour day-of-month month day-of-week) with lists, ranges, steps,
/// month and weekday names and the @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly macros, evaluated
/// in a time zone. As in the cron library upstream uses, day-of-month and day-of-week are OR-ed unless either is
/// a wildcard, in which case both must match.
/// </summary>
public sealed class CronSchedule
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly ulong _minutes, _hours, _days, _months, _weekdays;
    private readonly bool _daysStar, _weekdaysStar;

    private CronSchedule(ulong minutes, ulong hours, ulong days, ulong months, ulong weekdays, bool daysStar, bool weekdaysStar)
    {
        (_minutes, _hours, _days, _months, _weekdays, _daysStar, _weekdaysStar) = (minutes, hours, days, months, weekdays, daysStar, weekdaysStar);
    }

    /// <summary>Parses a schedule; throws <see cref="FormatException"/> with the reason when it is not valid.</summary>
    public static CronSchedule Parse(string text)
    {
        var spec = text.Trim();
        if (spec.StartsWith('@'))
            spec = Macros.TryGetValue(spec, out var expanded) ? expanded : throw new FormatException($"unrecognized descriptor: {spec}");
        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) throw new FormatException($"expected exactly 5 fields, found {fields.Length}: {text}");
        var weekdays = Field(fields[4], 0, 7, DayNames, out var weekdaysStar);
        if ((weekdays & (1UL << 7)) != 0) weekdays = (weekdays | 1UL) & ~(1UL << 7); // 7 is Sunday too
        return new CronSchedule(
            Field(fields[0], 0, 59, null, out _),
            Field(fields[1], 0, 23, null, out _),
            Field(fields[2], 1, 31, null, out var daysStar),
            Field(fields[3], 1, 12, MonthNames, out _),
            weekdays, daysStar, weekdaysStar);
    }

    public static bool TryParse(string text, out CronSchedule? schedule, out string? error)
    {
        try
        {
            schedule = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            schedule = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The first activation strictly after <paramref name="after"/>, or null when there is none within five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!Has(_months, t.Month))
            {
                t = new DateTime(t.Year, t.Month, 1).AddMonths(1);
                continue;
            }
            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }
            if (!Has(_hours, t.Hour))
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }
            if (!Has(_minutes, t.Minute) || zone.IsInvalidTime(t))
            {
                t = t.AddMinutes(1);
                continue;
            }
            var result = new DateTimeOffset(t, zone.GetUtcOffset(t));
            if (result > after) return result;
            t = t.AddMinutes(1);
        }
        return null;
    }

    private bool DayMatches(DateTime t)
    {
        var dom = Has(_days, t.Day);
        var dow = Has(_weekdays, (int)t.DayOfWeek);
        return _daysStar || _weekdaysStar ? dom && dow : dom || dow;
    }

    private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;

    private static ulong Field(string field, int min, int max, string[]? names, out bool star)
    {
        star = field.StartsWith('*') || field.StartsWith('?');
        ulong bits = 0;
        foreach (var part in field.Split(','))
            bits |= Range(part, min, max, names);
        return bits;
    }

    private static ulong Range(string part, int min, int max, string[]? names)
    {
        var slash = part.Split('/');
        if (slash.Length > 2) throw new FormatException($"too many slashes: {part}");
        var step = 1;
        if (slash.Length == 2 && (!int.TryParse(slash[1], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0))
            throw new FormatException($"invalid step in {part}");
        int low, high;
        if (slash[0] is "*" or "?")
        {
            (low, high) = (min, max);
        }
        else
        {
            var dash = slash[0].Split('-');
            if (dash.Length > 2) throw new FormatException($"too many hyphens: {part}");
            low = Value(dash[0], min, max, names);
            // "5/10" means from 5 to the end, stepping by 10.
            high = dash.Length == 2 ? Value(dash[1], min, max, names) : slash.Length == 2 ? max : low;
        }
        if (low > high) throw new FormatException($"beginning of range ({low}) beyond end of range ({high}): {part}");
        ulong bits = 0;
        for (var v = low; v <= high; v += step) bits |= 1UL << v;
        return bits;
    }

    private static int Value(string text, int min, int max, string[]? names)
    {
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return index + (names.Length == 12 ? 1 : 0);
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"failed to parse int from {text}");
        if (value < min || value > max) throw new FormatException($"value ({value}) out of range [{min}, {max}]");
        return value;
    }
}
