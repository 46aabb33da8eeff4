using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.Job;

/// <summary>
/// Indexed completion mode: each pod carries one index in [0, completions), and status.completedIndexes lists the
/// finished ones as ordered intervals (<c>"0,2-4"</c>), as upstream writes them.
/// </summary>
public static class CompletionIndex
{
    public const string EnvVar = "JOB_COMPLETION_INDEX";

    public static bool IsIndexed(JsonObject job) => job["spec"]?["completionMode"].Str() == "Indexed";

    /// <summary>The pod's index from its annotation (or label), or null when missing or not a number.</summary>
    public static int? Of(JsonObject pod)
    {
        var text = ObjectMeta.Annotation(pod, JobLabels.CompletionIndex) ?? ObjectMeta.Label(pod, JobLabels.CompletionIndex);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
    }

    /// <summary>Parses completedIndexes, keeping indexes below <paramref name="completions"/>; malformed parts are skipped.</summary>
    public static SortedSet<int> Parse(string? intervals, int completions)
    {
        var set = new SortedSet<int>();
        foreach (var part in (intervals ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            if (!int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)) continue;
            var high = low;
            if (bounds.Length == 2 && !int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out high)) continue;
            for (var i = low; i <= high && i < completions; i++) set.Add(i);
        }
        return set;
    }

    public static string Format(IEnumerable<int> indexes)
    {
        var sb = new StringBuilder();
        int? start = null, end = null;
        void Flush()
        {
            if (start is null) return;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(start.Value.ToString(CultureInfo.InvariantCulture));
            if (end > start) sb.Append('-').Append(end.Value.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var i in indexes.Distinct().Order())
        {
            if (end is { } e && i == e + 1)
            {
                end = i;
                continue;
            }
            Flush();
            (start, end) = (i, i);
        }
        Flush();
        return sb.ToString();
    }

    /// <summary>
    /// The pod template for one index: the index as annotation and label, JOB_COMPLETION_INDEX in every container
    /// (from the annotation), and hostname <c>&lt;job&gt;-&lt;index&gt;</c> unless the template sets one.
    /// </summary>
    public static JsonObject Template(JsonObject jobTemplate, string jobName, int index)
    {
        var template = (JsonObject)jobTemplate.DeepClone();
        var value = index.ToString(CultureInfo.InvariantCulture);
        var meta = template.Obj("metadata");
        meta.Obj("annotations")[JobLabels.CompletionIndex] = value;
        meta.Obj("labels")[JobLabels.CompletionIndex] = value;
        var spec = template.Obj("spec");
        if (spec["hostname"] is null) spec["hostname"] = $"{jobName}-{value}";
        foreach (var listName in new[] { "initContainers", "containers" })
        {
            foreach (var container in (spec[listName] as JsonArray ?? []).OfType<JsonObject>())
            {
                var env = container["env"] as JsonArray ?? [];
                if (env.OfType<JsonObject>().Any(e => e["name"].Str() == EnvVar)) continue;
                env.Add(new JsonObject
                {
                    ["name"] = EnvVar,
                    ["valueFrom"] = new JsonObject
                    {
                        ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = $"metadata.annotations['{JobLabels.CompletionIndex}']" },
                    },
                });
                container["env"] = env;
            }
        }
        return template;
    }
}
