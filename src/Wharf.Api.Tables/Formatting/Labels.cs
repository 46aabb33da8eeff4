using System.Text.Json.Nodes;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Formatting;

/// <summary>Label maps and label selectors printed as apimachinery prints them.</summary>
internal static class Labels
{
    /// <summary><c>labels.FormatLabels</c>: sorted <c>k=v</c> pairs joined by commas, <c>&lt;none&gt;</c> when empty.</summary>
    public static string FormatMap(JsonNode? node, params string[] path)
    {
        var pairs = node.StringMap(path).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value).ToList();
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs);
    }

    /// <summary><c>metav1.FormatLabelSelector</c>: the selector string, <c>&lt;none&gt;</c> when it selects nothing or everything, <c>&lt;error&gt;</c> when invalid.</summary>
    public static string FormatSelector(JsonNode? selector)
    {
        var s = SelectorString(selector);
        return s switch
        {
            null => "<error>",
            "" => "<none>",
            _ => s,
        };
    }

    /// <summary>
    /// <c>LabelSelectorAsSelector(sel).String()</c>: requirements sorted by key, values sorted;
    /// "" for a nil or empty selector; null when an operator is not recognised.
    /// </summary>
    public static string? SelectorString(JsonNode? selector)
    {
        if (selector is not JsonObject)
        {
            return "";
        }

        var requirements = new List<(string Key, string Text)>();
        foreach (var (k, v) in selector.StringMap("matchLabels"))
        {
            requirements.Add((k, k + "=" + v));
        }

        foreach (var e in selector.Objs("matchExpressions"))
        {
            var key = e.Str("key");
            var values = e.Arr("values").Select(x => x.Str()).OrderBy(x => x, StringComparer.Ordinal);
            var text = e.Str("operator") switch
            {
                "In" => key + " in (" + string.Join(",", values) + ")",
                "NotIn" => key + " notin (" + string.Join(",", values) + ")",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                _ => null,
            };
            if (text is null)
            {
                return null;
            }

            requirements.Add((key, text));
        }

        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }
}
