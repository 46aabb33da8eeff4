using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Job;

/// <summary>
/// spec.successPolicy of an Indexed Job: a rule is met when enough of its succeededIndexes (or, without them, of all
/// indexes) completed: succeededCount of them if set, else all the listed ones.
/// </summary>
public static class SuccessPolicy
{
    /// <summary>The index of the first rule met, or null.</summary>
    public static int? MatchedRule(JsonObject job, IReadOnlySet<int> completed, int completions)
    {
        if (job["spec"]?["successPolicy"]?["rules"] is not JsonArray rules) return null;
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not JsonObject rule) continue;
            int? count = rule["succeededCount"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
            if (rule["succeededIndexes"].Str() is { } text)
            {
                var wanted = CompletionIndex.Parse(text, completions);
                var done = wanted.Count(completed.Contains);
                if (count is { } c ? done >= c : wanted.Count > 0 && done == wanted.Count) return i;
            }
            else if (count is { } c && completed.Count >= c)
            {
                return i;
            }
        }
        return null;
    }
}
