using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>
/// The small field checks upstream's validation packages share (ValidateNonnegativeField, ValidateImmutableField,
/// enum membership), worded as upstream words them so that every kind reports them alike.
/// </summary>
public static class FieldRules
{
    public const string MustBeNonNegative = "must be greater than or equal to 0";
    public const string Immutable = "field is immutable";

    /// <summary>validation.InclusiveRangeError: "must be between 1 and 65535, inclusive".</summary>
    public static string InclusiveRange(long low, long high) => $"must be between {low} and {high}, inclusive";

    /// <summary>An integer field that, when set, may not be negative.</summary>
    public static IEnumerable<FieldError> NonNegative(JsonNode? node, string path)
    {
        if (node.Long() is < 0 and var value)
            yield return FieldError.Invalid(path, value, MustBeNonNegative);
    }

    /// <summary>An integer field that, when set, must be above zero.</summary>
    public static IEnumerable<FieldError> Positive(JsonNode? node, string path)
    {
        if (node.Long() is <= 0 and var value)
            yield return FieldError.Invalid(path, value, "must be greater than 0");
    }

    /// <summary>A string field whose value, when set, must be one of <paramref name="supported"/>.</summary>
    public static IEnumerable<FieldError> OneOf(JsonNode? parent, string key, string path, IReadOnlyList<string> supported, bool required = false)
    {
        var value = parent.Str(key);
        if (string.IsNullOrEmpty(value))
        {
            if (required) yield return FieldError.Required(path);
        }
        else if (!supported.Contains(value))
        {
            yield return FieldError.NotSupported(path, value, supported);
        }
    }

    /// <summary>ValidateImmutableField: the value printed the way the existing immutable checks print JSON values.</summary>
    public static IEnumerable<FieldError> Unchanged(JsonNode? now, JsonNode? before, string path)
    {
        if (!JsonNode.DeepEquals(now, before))
            yield return FieldError.Invalid(path, Printed(now), Immutable);
    }

    /// <summary>A bad value as kubectl users see it: strings quoted, numbers bare, objects as compact JSON.</summary>
    public static object? Printed(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.Long() is { } l => l,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => new RawFieldValue(node.ToJsonString()),
    };

    /// <summary>IsDomainPrefixedPath: <c>host/path</c> with a DNS-subdomain host (IngressClass controllers, Job managedBy).</summary>
    public static IEnumerable<FieldError> DomainPrefixedPath(string value, string path)
    {
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1)
        {
            yield return FieldError.Invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")");
            yield break;
        }
        foreach (var msg in NameRules.IsDns1123Subdomain(value[..slash]))
            yield return FieldError.Invalid(path, value[..slash], msg);
    }

    /// <summary>
    /// field.TooMany: "Too many: 1001: must have at most 1000 items".
    /// </summary>
    public static FieldError TooMany(string path, int actual, int max) =>
        new("FieldValueTooMany", path, $"must have at most {max} items", actual, true);

    /// <summary>
    /// An int-or-percent field (PDB budgets, rolling update limits): integers not negative, strings of the form
    /// <c>N%</c> with N at most 100.
    /// </summary>
    public static IEnumerable<FieldError> NonNegativeIntOrPercent(JsonNode? node, string path)
    {
        if (node is not JsonValue value) yield break;
        if (value.TryGetValue<string>(out var text))
        {
            if (!IsPercent(text))
            {
                yield return FieldError.Invalid(path, text, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
                yield break;
            }
            if (long.TryParse(text.AsSpan(0, text.Length - 1), out var percent) && percent > 100)
                yield return FieldError.Invalid(path, text, "must not be greater than 100%");
            yield break;
        }
        foreach (var e in NonNegative(node, path)) yield return e;
    }

    private static bool IsPercent(string text)
    {
        if (text.Length < 2 || text[^1] != '%') return false;
        foreach (var c in text.AsSpan(0, text.Length - 1))
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
