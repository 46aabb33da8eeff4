using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

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

    /// <summary>Parses the query form; throws a 400 Status for malformed selectors.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var requirements = new List<LabelRequirement>();
        var lexer = new SelectorLexer(text);
        while (true)
        {
            requirements.Add(ParseRequirement(lexer, text));
            if (lexer.AtEnd) break;
            if (!lexer.TryConsume(",")) throw Invalid(text, "expected ','");
        }
        return new LabelSelector(requirements);
    }

    private static LabelRequirement ParseRequirement(SelectorLexer lexer, string text)
    {
        if (lexer.TryConsume("!"))
        {
            var absent = lexer.ReadIdentifier() ?? throw Invalid(text, "expected a label key after '!'");
            return new LabelRequirement(absent, LabelOperator.DoesNotExist, []);
        }
        var key = lexer.ReadIdentifier() ?? throw Invalid(text, "expected a label key");
        if (lexer.AtEnd || lexer.Peek(","))
            return new LabelRequirement(key, LabelOperator.Exists, []);
        if (lexer.TryConsume("==") || lexer.TryConsume("="))
            return new LabelRequirement(key, LabelOperator.Equals, [lexer.ReadIdentifier() ?? ""]);
        if (lexer.TryConsume("!="))
            return new LabelRequirement(key, LabelOperator.NotEquals, [lexer.ReadIdentifier() ?? ""]);
        if (lexer.TryConsumeWord("notin"))
            return new LabelRequirement(key, LabelOperator.NotIn, ParseSet(lexer, text));
        if (lexer.TryConsumeWord("in"))
            return new LabelRequirement(key, LabelOperator.In, ParseSet(lexer, text));
        if (lexer.TryConsume(">"))
            return new LabelRequirement(key, LabelOperator.GreaterThan, [lexer.ReadIdentifier() ?? throw Invalid(text, "expected a number")]);
        if (lexer.TryConsume("<"))
            return new LabelRequirement(key, LabelOperator.LessThan, [lexer.ReadIdentifier() ?? throw Invalid(text, "expected a number")]);
        throw Invalid(text, $"found '{lexer.Rest}', expected: in, notin, =, ==, !=, gt, lt");
    }

    private static IReadOnlyList<string> ParseSet(SelectorLexer lexer, string text)
    {
        if (!lexer.TryConsume("(")) throw Invalid(text, "expected '('");
        var values = new List<string>();
        while (true)
        {
            values.Add(lexer.ReadIdentifier() ?? "");
            if (lexer.TryConsume(")")) return values;
            if (!lexer.TryConsume(",")) throw Invalid(text, "expected ',' or ')'");
        }
    }

    private static StatusException Invalid(string text, string why) =>
        StatusErrors.BadRequest($"unable to parse requirement: {why} in label selector \"{text}\"");
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
