using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Tables.CustomResources;

/// <summary>
/// The JSONPath subset CRD printer columns use, evaluated with missing keys allowed:
/// <c>.a.b</c>, escaped dots (<c>.labels.app\.kubernetes\.io/name</c>), <c>['key']</c>, <c>[0]</c>, <c>[-1]</c>,
/// <c>[*]</c>, <c>.*</c>, and filters <c>[?(@.type=="Ready")]</c> with <c>== != &lt; &gt; &lt;= &gt;=</c> or bare existence.
/// </summary>
internal sealed class JsonPathExpression
{
    private readonly IReadOnlyList<Func<JsonNode?, IEnumerable<JsonNode?>>> _steps;

    private JsonPathExpression(IReadOnlyList<Func<JsonNode?, IEnumerable<JsonNode?>>> steps) => _steps = steps;

    /// <summary>Parses <paramref name="path"/> (braces optional); throws <see cref="FormatException"/> on unsupported syntax.</summary>
    public static JsonPathExpression Parse(string path)
    {
        var p = path.Trim();
        if (p.StartsWith('{') && p.EndsWith('}'))
        {
            p = p[1..^1].Trim();
        }

        if (p.Length == 0)
        {
            throw new FormatException("empty JSONPath");
        }

        return new JsonPathExpression(ParseSteps(p));
    }

    /// <summary>All values the path selects, in document order; empty when nothing matches.</summary>
    /// <exception cref="InvalidOperationException">A filter compares values of incompatible types.</exception>
    public IEnumerable<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step).ToList();
        }

        return current;
    }

    private static List<Func<JsonNode?, IEnumerable<JsonNode?>>> ParseSteps(string p)
    {
        var steps = new List<Func<JsonNode?, IEnumerable<JsonNode?>>>();
        var i = p[0] is '$' or '@' ? 1 : 0;
        while (i < p.Length)
        {
            if (p[i] == '.')
            {
                if (i + 1 < p.Length && p[i + 1] == '.')
                {
                    throw new FormatException("recursive descent is not supported: " + p);
                }

                i++;
                if (i == p.Length)
                {
                    break; // "." alone selects the current object
                }
            }

            if (p[i] == '[')
            {
                var end = MatchingBracket(p, i);
                steps.Add(ParseBracket(p[(i + 1)..end].Trim()));
                i = end + 1;
                continue;
            }

            var name = new StringBuilder();
            while (i < p.Length && p[i] is not ('.' or '['))
            {
                if (p[i] == '\\' && i + 1 < p.Length)
                {
                    i++;
                }

                name.Append(p[i++]);
            }

            var field = name.ToString();
            steps.Add(field == "*" ? Wildcard : Field(field));
        }

        return steps;
    }

    private static int MatchingBracket(string p, int open)
    {
        char? quote = null;
        var depth = 0;
        for (var i = open; i < p.Length; i++)
        {
            var c = p[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '[' or '(':
                    depth++;
                    break;
                case ']' or ')':
                    depth--;
                    if (depth == 0 && c == ']')
                    {
                        return i;
                    }

                    break;
            }
        }

        throw new FormatException("unclosed bracket in " + p);
    }

    private static Func<JsonNode?, IEnumerable<JsonNode?>> ParseBracket(string inner)
    {
        if (inner == "*")
        {
            return Wildcard;
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            return Filter(inner[2..^1].Trim());
        }

        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            return Field(inner[1..^1]);
        }

        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return Index(index);
        }

        throw new FormatException("unsupported JSONPath bracket: [" + inner + "]");
    }

    private static IEnumerable<JsonNode?> Wildcard(JsonNode? node) => node switch
    {
        JsonArray a => a,
        JsonObject o => o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value),
        _ => [],
    };

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Field(string name) =>
        node => node is JsonObject o && o.TryGetPropertyValue(name, out var v) ? [v] : [];

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Index(int index) => node =>
    {
        if (node is not JsonArray a)
        {
            return [];
        }

        var i = index < 0 ? index + a.Count : index;
        return i >= 0 && i < a.Count ? [a[i]] : [];
    };

    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">"];

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Filter(string expression)
    {
        var (op, at) = Operators.Select(o => (o, expression.IndexOf(o, StringComparison.Ordinal)))
            .Where(x => x.Item2 > 0)
            .OrderBy(x => x.Item2)
            .FirstOrDefault();
        var left = Operand(op is null ? expression : expression[..at].Trim());
        var right = op is null ? null : Operand(expression[(at + op.Length)..].Trim());

        return node =>
        {
            if (node is not JsonArray a)
            {
                return [];
            }

            return a.Where(item =>
            {
                var lefts = left(item).ToList();
                if (op is null)
                {
                    return lefts.Count > 0;
                }

                if (lefts.Count == 0)
                {
                    return false;
                }

                var rights = right!(item).ToList();
                return rights.Count > 0 && Compare(lefts[0], op, rights[0]);
            }).ToList();
        };
    }

    // A filter operand: a relative path "@.x", or a literal string / number / boolean.
    private static Func<JsonNode?, IEnumerable<JsonNode?>> Operand(string text)
    {
        if (text.StartsWith('@'))
        {
            var path = new JsonPathExpression(ParseSteps(text));
            return path.Evaluate;
        }

        JsonNode literal;
        if (text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0])
        {
            literal = JsonValue.Create(text[1..^1]);
        }
        else if (text is "true" or "false")
        {
            literal = JsonValue.Create(text == "true");
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            literal = JsonNode.Parse(text.Contains('.') || text.Contains('e') || text.Contains('E')
                ? number.ToString("R", CultureInfo.InvariantCulture)
                : text)!;
        }
        else
        {
            throw new FormatException("unsupported filter operand: " + text);
        }

        return _ => [literal];
    }

    private static double Number(JsonNode n) => double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture);

    private static bool Compare(JsonNode? left, string op, JsonNode? right)
    {
        var lk = left?.GetValueKind() ?? JsonValueKind.Null;
        var rk = right?.GetValueKind() ?? JsonValueKind.Null;
        int order;
        if (lk == JsonValueKind.String && rk == JsonValueKind.String)
        {
            order = string.CompareOrdinal(left!.GetValue<string>(), right!.GetValue<string>());
        }
        else if (lk == JsonValueKind.Number && rk == JsonValueKind.Number)
        {
            order = Number(left!).CompareTo(Number(right!));
        }
        else if (lk is JsonValueKind.True or JsonValueKind.False && rk is JsonValueKind.True or JsonValueKind.False && op is "==" or "!=")
        {
            order = lk == rk ? 0 : 1;
        }
        else
        {
            throw new InvalidOperationException("incompatible types for comparison");
        }

        return op switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            ">" => order > 0,
            "<=" => order <= 0,
            _ => order >= 0,
        };
    }
}
