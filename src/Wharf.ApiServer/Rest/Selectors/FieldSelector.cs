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

    /// <summary>The terms in order: a field, whether it must equal (or differ from) the value, the value.</summary>
    public IReadOnlyList<(string Field, bool Equal, string Value)> Terms => _terms;

    /// <summary>The value required by an equality term on <paramref name="field"/>, if any (used to narrow store reads).</summary>
    public string? RequiredValue(string field) => _terms.FirstOrDefault(t => t.Field == field && t.Equal).Value;

    public static FieldSelector Parse(string? text, string group, string resource)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var terms = new List<(string, bool, string)>();
        foreach (var part in SplitTerms(text))
        {
            if (part.Length == 0) continue;
            var (field, equal, rawValue) = SplitTerm(part) ?? throw StatusErrors.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            var value = Unescape(rawValue);
            FieldSelectorFields.Check(group, resource, field);
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

    /// <summary>The first operator from the left wins, trying != then == then = at each position (upstream's splitTerm).</summary>
    private static (string Field, bool Equal, string Value)? SplitTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (string.CompareOrdinal(term, i, "!=", 0, 2) == 0) return (term[..i], false, term[(i + 2)..]);
            if (string.CompareOrdinal(term, i, "==", 0, 2) == 0) return (term[..i], true, term[(i + 2)..]);
            if (term[i] == '=') return (term[..i], true, term[(i + 1)..]);
        }
        return null;
    }

    /// <summary>Only backslash, comma and equals may be escaped, and the latter two must be (fields.UnescapeValue).</summary>
    private static string Unescape(string value)
    {
        if (value.IndexOfAny(['\\', ',', '=']) < 0) return value;
        var result = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (i + 1 >= value.Length) throw StatusErrors.BadRequest("invalid field selector: invalid escape sequence: \\");
                var next = value[++i];
                if (next is not ('\\' or ',' or '=')) throw StatusErrors.BadRequest($"invalid field selector: invalid escape sequence: \\{next}");
                result.Append(next);
            }
            else if (c is ',' or '=')
            {
                throw StatusErrors.BadRequest($"invalid field selector: unescaped character in value: {(int)c}");
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }
}
