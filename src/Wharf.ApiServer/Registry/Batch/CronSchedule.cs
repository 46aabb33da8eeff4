using System.Globalization;

namespace Wharf.ApiServer.Registry.Batch;

/// <summary>
/// Checks a CronJob schedule the way robfig/cron's ParseStandard parses it (five fields or an @descriptor) and
/// returns its error text, which upstream puts verbatim into the validation message.
/// </summary>
public static partial class CronSchedule
{
    // time.ParseDuration's grammar: "0" or signed runs of decimal numbers with units.
    [System.Text.RegularExpressions.GeneratedRegex("^[-+]?(0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$")]
    private static partial System.Text.RegularExpressions.Regex GoDuration();

    private static readonly string[] Descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    private static readonly (int Min, int Max, string[]? Names)[] Fields =
    [
        (0, 59, null),
        (0, 23, null),
        (1, 31, null),
        (1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        (0, 6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ];

    /// <summary>Null when the schedule parses, otherwise robfig/cron's error.</summary>
    public static string? Check(string schedule)
    {
        var spec = schedule.Trim();
        if (spec.Length == 0) return "empty spec string";
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ');
            if (space < 0) return "provided bad location " + spec[(spec.IndexOf('=') + 1)..] + ": unknown time zone " + spec[(spec.IndexOf('=') + 1)..];
            spec = spec[(space + 1)..].Trim();
        }
        if (spec.StartsWith('@')) return Descriptor(spec);
        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
            return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(" ", fields)}]";
        for (var i = 0; i < fields.Length; i++)
            foreach (var range in fields[i].Split(','))
                if (Range(range, Fields[i]) is { } error) return error;
        return null;
    }

    private static string? Descriptor(string spec)
    {
        if (Descriptors.Contains(spec)) return null;
        const string every = "@every ";
        if (spec.StartsWith(every, StringComparison.Ordinal))
        {
            var text = spec[every.Length..];
            return GoDuration().IsMatch(text) ? null : $"failed to parse duration {spec}: time: invalid duration \"{text}\"";
        }
        return "unrecognized descriptor: " + spec;
    }

    private static string? Range(string expr, (int Min, int Max, string[]? Names) bounds)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        var singleDigit = lowAndHigh.Length == 1;
        int start, end;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = bounds.Min;
            end = bounds.Max;
        }
        else
        {
            if (Number(lowAndHigh[0], bounds.Names, out start) is { } startError) return startError;
            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if (Number(lowAndHigh[1], bounds.Names, out end) is { } endError) return endError;
                    break;
                default:
                    return "too many hyphens: " + expr;
            }
        }
        switch (rangeAndStep.Length)
        {
            case 1:
                break;
            case 2:
                if (Number(rangeAndStep[1], null, out var step) is { } stepError) return stepError;
                if (singleDigit && lowAndHigh[0] is not ("*" or "?")) end = bounds.Max;
                if (step <= 0) return "step of range should be a positive number: " + expr;
                break;
            default:
                return "too many slashes: " + expr;
        }
        if (start < bounds.Min) return $"beginning of range ({start}) below minimum ({bounds.Min}): {expr}";
        if (end > bounds.Max) return $"end of range ({end}) above maximum ({bounds.Max}): {expr}";
        if (start > end) return $"beginning of range ({start}) beyond end of range ({end}): {expr}";
        return null;
    }

    private static string? Number(string text, string[]? names, out int value)
    {
        value = 0;
        if (names is not null)
        {
            var index = Array.IndexOf(names, text.ToLowerInvariant());
            if (index >= 0)
            {
                value = index + (names.Length == 12 ? 1 : 0);
                return null;
            }
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return $"failed to parse int from {text}: strconv.Atoi: parsing \"{text}\": invalid syntax";
        return value < 0 ? $"negative number ({value}) not allowed: {text}" : null;
    }
}
