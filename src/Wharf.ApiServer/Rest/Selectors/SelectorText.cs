using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Rest.Selectors;

/// <summary>Renders a metav1.LabelSelector (or an RC's plain map) in query form, e.g. <c>app=web,tier in (a,b)</c>.</summary>
public static class SelectorText
{
    public static string Of(JsonNode? selector)
    {
        if (selector is not JsonObject obj) return "";
        var parts = new List<(string Key, string Text)>();
        var isPlainMap = !obj.ContainsKey("matchLabels") && !obj.ContainsKey("matchExpressions");
        var labels = isPlainMap ? obj : obj["matchLabels"] as JsonObject;
        if (labels is not null)
            parts.AddRange(labels.Select(kv => (kv.Key, $"{kv.Key}={kv.Value}")));
        if (!isPlainMap)
        {
            foreach (var expression in obj["matchExpressions"] is JsonArray e ? e.OfType<JsonObject>() : [])
            {
                var key = expression["key"]?.ToString() ?? "";
                var values = expression["values"] is JsonArray v ? string.Join(",", v.Select(x => x?.ToString()).Order(StringComparer.Ordinal)) : "";
                parts.Add((key, expression["operator"]?.ToString() switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "Exists" => key,
                    "DoesNotExist" => $"!{key}",
                    var op => $"{key} {op} ({values})",
                }));
            }
        }
        // Upstream sorts every requirement by key, whichever form it came from.
        return string.Join(",", parts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Text));
    }
}
