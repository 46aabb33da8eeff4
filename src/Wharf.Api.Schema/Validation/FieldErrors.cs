using System.Globalization;
using System.Text;

namespace Wharf.Api.Schema.Validation;

/// <summary>
/// Collects strict-decoding findings worded as upstream (sigs.k8s.io/json): <c>unknown field "spec.foo"</c>,
/// <c>duplicate field "metadata.name"</c>; deduplicated and capped at 100 like upstream.
/// </summary>
internal sealed class FieldErrors
{
    private const int Limit = 100;
    private readonly List<string> _messages = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Messages => _messages;

    public void Unknown(string path) => Add("unknown field " + GoQuote(path));

    internal const string DuplicatePrefix = "duplicate field ";

    public void Duplicate(string path) => Add(DuplicatePrefix + GoQuote(path));

    private void Add(string message)
    {
        if (_messages.Count < Limit && _seen.Add(message)) _messages.Add(message);
    }

    /// <summary>Go's strconv.Quote for the characters that occur in field names.</summary>
    internal static string GoQuote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ' or '\u007f': builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append('"').ToString();
    }
}
