using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Tables.CustomResources;

/// <summary>
/// Renders decoded JSON the way Go's <c>fmt.Fprint</c> prints unstructured values, which is how
/// kubectl-style JSONPath prints a string column: <c>map[a:1 b:x]</c>, <c>[x y]</c>, <c>1e+06</c>.
/// </summary>
internal static class GoText
{
    public static string Format(JsonNode? value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, JsonNode? value)
    {
        switch (value)
        {
            case null:
                sb.Append("<nil>");
                break;
            case JsonObject o:
                sb.Append("map[");
                var first = true;
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(' ');
                    }

                    first = false;
                    sb.Append(k).Append(':');
                    Append(sb, v);
                }

                sb.Append(']');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }

                    Append(sb, a[i]);
                }

                sb.Append(']');
                break;
            case JsonValue v:
                sb.Append(Scalar(v));
                break;
        }
    }

    private static string Scalar(JsonValue v)
    {
        switch (v.GetValueKind())
        {
            case JsonValueKind.String:
                return v.GetValue<string>();
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Number:
                // Unstructured decoding keeps integral literals as int64 and everything else as float64.
                var raw = v.ToJsonString();
                return IsIntegerLiteral(raw) && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? l.ToString(CultureInfo.InvariantCulture)
                    : Float(double.Parse(raw, CultureInfo.InvariantCulture));
            default:
                return "<nil>";
        }
    }

    internal static bool IsIntegerLiteral(string raw) => raw.All(c => char.IsAsciiDigit(c) || c == '-');

    /// <summary>
    /// Go's <c>%v</c> for float64 (<c>strconv 'g'</c>, shortest digits): exponent form when the decimal
    /// exponent is below -4 or at least 6, e.g. <c>1e+06</c>, <c>1.5e-05</c>, <c>123456</c>, <c>0.25</c>.
    /// </summary>
    internal static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }

        if (d == 0)
        {
            return "0";
        }

        var (digits, exp) = ShortestDigits(Math.Abs(d));
        var sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 6)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            var expText = Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + expText;
        }

        if (exp < 0)
        {
            return sign + "0." + new string('0', -exp - 1) + digits;
        }

        var intLength = exp + 1;
        return digits.Length <= intLength
            ? sign + digits + new string('0', intLength - digits.Length)
            : sign + digits[..intLength] + "." + digits[intLength..];
    }

    // The shortest round-trip significant digits of a positive double and its decimal exponent.
    private static (string Digits, int Exponent) ShortestDigits(double positive)
    {
        var r = positive.ToString("R", CultureInfo.InvariantCulture);
        var parts = r.Split('E');
        var e = parts.Length > 1 ? int.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var m = parts[0];
        var point = m.IndexOf('.');
        var intDigits = point >= 0 ? point : m.Length;
        var all = m.Replace(".", "", StringComparison.Ordinal);
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return (digits, intDigits - leading - 1 + e);
    }
}
