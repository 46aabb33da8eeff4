using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Formatting;

/// <summary>
/// Prints a resource quantity in the canonical form of apimachinery's <c>Quantity.String()</c>:
/// <c>1024Mi</c> → <c>1Gi</c>, <c>1.5</c> → <c>1500m</c>, <c>1000</c> → <c>1k</c>, <c>0.5Ki</c> → <c>512</c>.
/// </summary>
internal static class Quantity
{
    private enum Format
    {
        DecimalSI,
        BinarySI,
        DecimalExponent,
    }

    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    private static readonly Dictionary<int, string> DecimalSuffixes = new()
    {
        [-9] = "n", [-6] = "u", [-3] = "m", [0] = "", [3] = "k", [6] = "M", [9] = "G", [12] = "T", [15] = "P", [18] = "E",
    };

    /// <summary>The quantity at <paramref name="path"/> printed canonically, or null when unset.</summary>
    public static string? Read(JsonNode? node, params string[] path) => node.At(path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Canonical(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => Canonical(v.ToJsonString()),
        _ => null,
    };

    /// <summary>Canonical form of <paramref name="text"/>; unparsable input is returned unchanged.</summary>
    public static string Canonical(string text)
    {
        return TryParse(text.Trim(), out var unscaled, out var scale, out var format)
            ? Render(unscaled, scale, format)
            : text;
    }

    // value = unscaled * 10^scale
    private static bool TryParse(string s, out BigInteger unscaled, out int scale, out Format format)
    {
        unscaled = BigInteger.Zero;
        scale = 0;
        format = Format.DecimalSI;
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        var intStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        var integer = s[intStart..i];
        var fraction = "";
        if (i < s.Length && s[i] == '.')
        {
            var fracStart = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            fraction = s[fracStart..i];
        }

        if (integer.Length + fraction.Length == 0)
        {
            return false;
        }

        var suffix = s[i..];
        var digits = BigInteger.Parse(integer + fraction, CultureInfo.InvariantCulture);
        scale = -fraction.Length;
        var binary = Array.IndexOf(BinarySuffixes, suffix);
        if (suffix.Length > 0 && binary > 0)
        {
            format = Format.BinarySI;
            digits *= BigInteger.Pow(2, 10 * binary);
        }
        else if (DecimalSuffixes.FirstOrDefault(p => p.Value == suffix) is { Value: not null } dec)
        {
            format = Format.DecimalSI;
            scale += dec.Key;
        }
        else if (suffix.Length > 1 && suffix[0] is 'e' or 'E' &&
                 int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp))
        {
            format = Format.DecimalExponent;
            scale += exp;
        }
        else
        {
            return false;
        }

        // Upstream keeps nano precision at most, rounding anything finer away from zero.
        if (scale < -9)
        {
            var divisor = BigInteger.Pow(10, -9 - scale);
            var q = BigInteger.DivRem(digits, divisor, out var rem);
            digits = rem.IsZero ? q : q + 1;
            scale = -9;
        }

        unscaled = negative ? -digits : digits;
        return true;
    }

    private static string Render(BigInteger unscaled, int scale, Format format)
    {
        if (unscaled.IsZero)
        {
            return "0";
        }

        if (format == Format.BinarySI)
        {
            var integral = AsInteger(unscaled, scale);
            if (BigInteger.Abs(integral ?? 0) >= 1024)
            {
                var n = integral!.Value;
                var k = 0;
                while (k < BinarySuffixes.Length - 1 && BigInteger.Abs(n) >= 1024 && n % 1024 == 0)
                {
                    n /= 1024;
                    k++;
                }

                return n.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[k];
            }

            // Small or fractional binary values print in decimal to avoid rounding.
            format = Format.DecimalSI;
        }

        var m = unscaled;
        var e = scale;
        while (BigInteger.Abs(m) >= 10 && m % 10 == 0)
        {
            m /= 10;
            e++;
        }

        var r = ((e % 3) + 3) % 3;
        m *= BigInteger.Pow(10, r);
        e -= r;
        var number = m.ToString(CultureInfo.InvariantCulture);
        if (format == Format.DecimalExponent || !DecimalSuffixes.TryGetValue(e, out var suffix))
        {
            return e == 0 ? number : number + "e" + e.ToString(CultureInfo.InvariantCulture);
        }

        return number + suffix;
    }

    private static BigInteger? AsInteger(BigInteger unscaled, int scale)
    {
        if (scale >= 0)
        {
            return unscaled * BigInteger.Pow(10, scale);
        }

        var q = BigInteger.DivRem(unscaled, BigInteger.Pow(10, -scale), out var rem);
        return rem.IsZero ? q : null;
    }
}
