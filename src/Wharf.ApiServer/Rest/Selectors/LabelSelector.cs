using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Rest.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> query: comma-separated requirements, all of which must hold
/// (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>).
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> _requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => _requirements = requirements;

    public static readonly LabelSelector Everything = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(JsonObject? labels) => _requirements.All(r => r.Matches(labels));

    /// <summary>Parses the query form; throws a 400 Status with labels.Parse's messages for malformed selectors.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var requirements = new List<LabelRequirement>();
        var lexer = new SelectorLexer(text);
        var (first, firstLiteral) = lexer.Peek();
        if (first is not (SelectorToken.Identifier or SelectorToken.Not))
            throw Bad($"found '{firstLiteral}', expected: !, identifier, or 'end of string'");
        while (true)
        {
            requirements.Add(ParseRequirement(lexer));
            var (token, literal) = lexer.Next();
            if (token == SelectorToken.End) break;
            if (token != SelectorToken.Comma)
                throw Bad($"found '{literal}', expected: ',' or 'end of string'");
            var (after, afterLiteral) = lexer.Peek();
            if (after is not (SelectorToken.Identifier or SelectorToken.Not))
                throw Bad($"found '{afterLiteral}', expected: identifier after ','");
        }
        // Upstream keeps requirements sorted by key.
        return new LabelSelector(requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList());
    }

    private static LabelRequirement ParseRequirement(SelectorLexer lexer)
    {
        var (token, literal) = lexer.Next();
        if (token == SelectorToken.Not)
        {
            var (keyToken, key) = lexer.Next();
            if (keyToken != SelectorToken.Identifier) throw Requirement($"found '{key}', expected: identifier");
            return Build(key, LabelOperator.DoesNotExist, []);
        }
        if (token != SelectorToken.Identifier) throw Requirement($"found '{literal}', expected: identifier");
        var keyName = literal;
        var (next, _) = lexer.Peek();
        if (next is SelectorToken.End or SelectorToken.Comma)
            return Build(keyName, LabelOperator.Exists, []);
        var (op, opLiteral) = lexer.Next();
        var labelOperator = op switch
        {
            SelectorToken.Equals or SelectorToken.DoubleEquals => LabelOperator.Equals,
            SelectorToken.NotEquals => LabelOperator.NotEquals,
            SelectorToken.In => LabelOperator.In,
            SelectorToken.NotIn => LabelOperator.NotIn,
            SelectorToken.Greater => LabelOperator.GreaterThan,
            SelectorToken.Less => LabelOperator.LessThan,
            _ => throw Requirement($"found '{opLiteral}', expected: in, notin, =, ==, !=, gt, lt"),
        };
        IReadOnlyList<string> values = labelOperator is LabelOperator.In or LabelOperator.NotIn ? ParseSet(lexer) : [ParseExactValue(lexer)];
        return Build(keyName, labelOperator, values);
    }

    private static string ParseExactValue(SelectorLexer lexer)
    {
        var (token, literal) = lexer.Peek();
        if (token is SelectorToken.End or SelectorToken.Comma) return "";
        lexer.Next();
        if (token != SelectorToken.Identifier) throw Requirement($"found '{literal}', expected: identifier");
        return literal;
    }

    private static IReadOnlyList<string> ParseSet(SelectorLexer lexer)
    {
        var (open, openLiteral) = lexer.Next();
        if (open != SelectorToken.Open) throw Requirement($"found '{openLiteral}' expected: '('");
        var values = new List<string>();
        if (lexer.Peek().Token == SelectorToken.Close)
        {
            lexer.Next();
            return [""];
        }
        while (true)
        {
            var (token, literal) = lexer.Next();
            switch (token)
            {
                case SelectorToken.Identifier:
                    values.Add(literal);
                    var (separator, separatorLiteral) = lexer.Next();
                    if (separator == SelectorToken.Close) return values;
                    if (separator != SelectorToken.Comma) throw Requirement($"found '{separatorLiteral}', expected: ',' or ')'");
                    break;
                case SelectorToken.Comma:
                    values.Add("");
                    break;
                case SelectorToken.Close:
                    values.Add("");
                    return values;
                default:
                    throw Requirement($"found '{literal}', expected: ',' or ')'");
            }
        }
    }

    /// <summary>Checks the key and values as upstream's NewRequirement does.</summary>
    private static LabelRequirement Build(string key, LabelOperator op, IReadOnlyList<string> values)
    {
        foreach (var message in Registry.Validation.NameRules.IsQualifiedName(key))
            throw Requirement($"<nil>: Invalid value: \"{key}\": {message}");
        for (var i = 0; i < values.Count; i++)
        {
            if (op is LabelOperator.GreaterThan or LabelOperator.LessThan)
            {
                if (!long.TryParse(values[i], out _))
                    throw Requirement($"values[{i}]: Invalid value: \"{values[i]}\": for 'Gt', 'Lt' operators, the value must be an integer");
                continue;
            }
            foreach (var message in Registry.Validation.NameRules.IsValidLabelValue(values[i]))
                throw Requirement($"values[{i}][{key}]: Invalid value: \"{values[i]}\": {message}");
        }
        return new LabelRequirement(key, op, values);
    }

    private static StatusException Bad(string message) => StatusErrors.BadRequest(message);

    private static StatusException Requirement(string message) => StatusErrors.BadRequest("unable to parse requirement: " + message);
}

public enum LabelOperator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan }

public sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(JsonObject? labels)
    {
        var has = labels is not null && labels.TryGetPropertyValue(Key, out var node) && node is not null;
        var value = has ? labels![Key]!.ToString() : null;
        return Operator switch
        {
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            LabelOperator.Equals or LabelOperator.In => has && Values.Contains(value),
            LabelOperator.NotEquals or LabelOperator.NotIn => !has || !Values.Contains(value),
            LabelOperator.GreaterThan => has && long.TryParse(value, out var g) && long.TryParse(Values[0], out var gv) && g > gv,
            LabelOperator.LessThan => has && long.TryParse(value, out var l) && long.TryParse(Values[0], out var lv) && l < lv,
            _ => false,
        };
    }
}
