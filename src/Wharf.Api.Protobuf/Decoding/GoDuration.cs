using System.Globalization;
using System.Text;

namespace Wharf.Api.Protobuf.Decoding;

/// <summary>Formats nanoseconds the way Go's time.Duration.String does ("1h0m0s", "1.5s", "300ms", "0s").</summary>
internal static class GoDuration
{
    private const ulong Microsecond = 1_000;
    private const ulong Millisecond = 1_000_000;
    private const ulong Second = 1_000_000_000;

    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var u = negative ? unchecked((ulong)-nanoseconds) : (ulong)nanoseconds;
        var text = new StringBuilder();
        if (u < Second)
        {
            var (unit, precision) = u < Microsecond ? ("ns", 0) : u < Millisecond ? ("µs", 3) : ("ms", 6);
            var whole = AppendFraction(text, u, precision);
            text.Insert(0, whole).Append(unit);
        }
        else
        {
            var seconds = AppendFraction(text, u, 9);
            text.Insert(0, seconds % 60).Append('s');
            var minutes = seconds / 60;
            if (minutes > 0)
            {
                text.Insert(0, 'm').Insert(0, minutes % 60);
                var hours = minutes / 60;
                if (hours > 0)
                {
                    text.Insert(0, 'h').Insert(0, hours);
                }
            }
        }

        return negative ? "-" + text : text.ToString();
    }

    // Appends ".ddd" (trailing zeros dropped, nothing when all zero) for the low `precision` digits and
    // returns the value with those digits removed.
    private static ulong AppendFraction(StringBuilder text, ulong value, int precision)
    {
        var scale = 1UL;
        for (var i = 0; i < precision; i++)
        {
            scale *= 10;
        }

        var fraction = (value % scale).ToString(CultureInfo.InvariantCulture).PadLeft(precision, '0').TrimEnd('0');
        if (fraction.Length > 0)
        {
            text.Append('.').Append(fraction);
        }

        return value / scale;
    }
}
