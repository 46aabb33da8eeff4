using System.Globalization;

namespace Wharf.Api.Tables.Formatting;

/// <summary>
/// The succinct duration format of apimachinery's <c>duration.HumanDuration</c> (~2-3 significant
/// figures): <c>45s</c>, <c>119s</c>, <c>2m</c>, <c>9m59s</c>, <c>10m</c>, <c>179m</c>, <c>3h</c>,
/// <c>7h59m</c>, <c>8h</c>, <c>47h</c>, <c>2d</c>, <c>7d23h</c>, <c>8d</c>, <c>729d</c>, <c>2y</c>,
/// <c>7y364d</c>, <c>8y</c>.
/// </summary>
public static class HumanDuration
{
    /// <summary>Formats <paramref name="d"/>; up to 1s in the future reads as <c>0s</c> (clock skew), more as <c>&lt;invalid&gt;</c>.</summary>
    public static string Format(TimeSpan d)
    {
        // Integer division truncates toward zero exactly like Go's int(d.Seconds()) and d / time.Minute.
        var seconds = d.Ticks / TimeSpan.TicksPerSecond;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return I(seconds) + "s";
        }

        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? I(minutes) + "m" : I(minutes) + "m" + I(s) + "s";
        }

        if (minutes < 60 * 3)
        {
            return I(minutes) + "m";
        }

        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? I(hours) + "h" : I(hours) + "h" + I(m) + "m";
        }

        if (hours < 48)
        {
            return I(hours) + "h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? I(hours / 24) + "d" : I(hours / 24) + "d" + I(h) + "h";
        }

        if (hours < 24 * 365 * 2)
        {
            return I(hours / 24) + "d";
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? I(hours / 24 / 365) + "y" : I(hours / 24 / 365) + "y" + I(dy) + "d";
        }

        return I(hours / 24 / 365) + "y";
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
