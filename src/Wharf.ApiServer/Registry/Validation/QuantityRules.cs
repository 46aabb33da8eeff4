using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>
/// Resource quantities in requests, limits, capacities and quotas: the serialized form apimachinery accepts and its
/// sign. Parsing is a regex plus a decimal read, cheap enough for every write.
/// </summary>
public static partial class QuantityRules
{
    // apimachinery's quantity grammar: signed decimal number, then an SI/binary suffix or a decimal exponent.
    [GeneratedRegex("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")]
    private static partial Regex Grammar();

    public const string GrammarMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>The quantity's value, or null when the text is not a quantity.</summary>
    public static decimal? Parse(JsonNode? node)
    {
        var text = node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
        if (text is null || !Grammar().IsMatch(text)) return null;
        var suffixStart = text.Length;
        while (suffixStart > 0 && !char.IsAsciiDigit(text[suffixStart - 1]) && text[suffixStart - 1] != '.') suffixStart--;
        var suffix = text[suffixStart..];
        var number = text[..suffixStart];
        var exponent = suffix.Length > 0 && suffix[0] is 'e' or 'E' ? suffix : "";
        if (exponent.Length > 0)
        {
            suffix = "";
            number = text;
        }
        if (!decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return decimal.MaxValue;
        return value * Multiplier(suffix);
    }

    /// <summary>ValidateResourceQuantityValue for a map of named quantities: each parses and none is negative.</summary>
    public static IEnumerable<FieldError> NonNegativeMap(JsonNode? map, string path)
    {
        foreach (var (name, quantity) in map as JsonObject ?? [])
            foreach (var e in NonNegative(quantity, $"{path}[{name}]")) yield return e;
    }

    public static IEnumerable<FieldError> NonNegative(JsonNode? quantity, string path)
    {
        var value = Parse(quantity);
        if (value is null)
            yield return FieldError.Invalid(path, FieldRules.Printed(quantity), GrammarMessage);
        else if (value < 0)
            yield return FieldError.Invalid(path, FieldRules.Printed(quantity), FieldRules.MustBeNonNegative);
    }

    /// <summary>ValidatePositiveQuantityValue.</summary>
    public static IEnumerable<FieldError> Positive(JsonNode? quantity, string path)
    {
        var value = Parse(quantity);
        if (value is null)
            yield return FieldError.Invalid(path, FieldRules.Printed(quantity), GrammarMessage);
        else if (value <= 0)
            yield return FieldError.Invalid(path, FieldRules.Printed(quantity), "must be greater than zero");
    }

    private static decimal Multiplier(string suffix) => suffix switch
    {
        "n" => 1e-9m, "u" => 1e-6m, "m" => 1e-3m, "" => 1m,
        "k" => 1e3m, "M" => 1e6m, "G" => 1e9m, "T" => 1e12m, "P" => 1e15m, "E" => 1e18m,
        "Ki" => 1024m, "Mi" => 1024m * 1024, "Gi" => 1024m * 1024 * 1024, "Ti" => 1024m * 1024 * 1024 * 1024,
        "Pi" => 1024m * 1024 * 1024 * 1024 * 1024, "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
        _ => 1m,
    };
}
