using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Rest.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>f=v</c>, <c>f==v</c>, <c>f!=v</c> joined by commas. Which fields a
/// kind supports comes from <see cref="FieldSelectorFields"/>; others are rejected as upstream does.
/// </summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms) => _terms = terms;

    public static readonly FieldSelector Everything = new([]);

    public bool IsEmpty => _terms.Count == 0;

    public IEnumerable<string> Fields => _terms.Select(t => t.Field);

    /// <summary>The value required by an equality term on <paramref name="field"/>, if any (used to narrow store reads).</summary>
    public string? RequiredValue(string field) => _terms.FirstOrDefault(t => t.Field == field && t.Equal).Value;

    public static FieldSelector Parse(string? text, string group, string resource)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var terms = new List<(string, bool, string)>();
        foreach (var part in SplitTerms(text))
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0) continue;
            int at;
            bool equal;
            int length;
            if ((at = trimmed.IndexOf("!=", StringComparison.Ordinal)) >= 0) { equal = false; length = 2; }
            else if ((at = trimmed.IndexOf("==", StringComparison.Ordinal)) >= 0) { equal = true; length = 2; }
            else if ((at = trimmed.IndexOf('=')) >= 0) { equal = true; length = 1; }
            else throw StatusErrors.BadRequest($"invalid selector: '{text}'; can't understand '{trimmed}'");
            var field = trimmed[..at].Trim();
            var value = Unescape(trimmed[(at + length)..].Trim());
            if (!FieldSelectorFields.Supports(group, resource, field))
                throw StatusErrors.BadRequest($"field label not supported: {field}");
            terms.Add((field, equal, value));
        }
        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = FieldSelectorFields.ValueOf(obj, field);
            if ((actual == value) != equal) return false;
        }
        return true;
    }

    // Commas inside values are escaped as "\,".
    private static IEnumerable<string> SplitTerms(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == ',') { yield return text[start..i]; start = i + 1; }
        }
        yield return text[start..];
    }

    private static string Unescape(string value) =>
        value.Replace("\\,", ",").Replace("\\=", "=").Replace("\\\\", "\\");
}
