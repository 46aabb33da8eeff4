using System.Globalization;

namespace Wharf.ApiServer.Registry.Batch;

/// <summary>
/// The <c>1,3-5,7</c> index-set syntax of Indexed Jobs, checked as upstream's validateIndexesFormat does: increasing
/// intervals of at most two parts, every index below completions. Returns upstream's error text or null.
/// </summary>
public static class IndexIntervals
{
    public static string? Validate(string text, long completions, out long total)
    {
        total = 0;
        if (text.Length == 0) return null;
        long? last = null;
        foreach (var interval in text.Split(','))
        {
            var parts = interval.Split('-');
            if (parts.Length > 2)
                return $"the fragment \"{interval}\" violates the requirement that an index interval can have at most two parts separated by '-'";
            if (Parse(parts[0], completions, out var first) is { } firstError) return firstError;
            var end = first;
            if (parts.Length == 2)
            {
                if (Parse(parts[1], completions, out end) is { } endError) return endError;
                if (first >= end) return $"non-increasing order, previous: {first}, current: {end}";
            }
            if (last is { } previous && previous >= first) return $"non-increasing order, previous: {previous}, current: {first}";
            total += end - first + 1;
            last = end;
        }
        return null;
    }

    private static string? Parse(string text, long completions, out long value)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return $"cannot convert string to integer for index: \"{text}\"";
        return value >= completions ? $"too large index: \"{text}\"" : null;
    }
}
