using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.Bench.Api;

namespace Wharf.Bench.Density;

/// <summary>
/// The server's <c>apiserver_request_total</c> summed by verb and resource/subresource (groups folded, successful
/// codes folded, each failing code kept apart: a conflict is a write redone), so two scrapes give the requests one
/// phase caused: which writes each pod costs, and who makes too many.
/// </summary>
internal sealed partial class RequestCounts
{
    private static readonly HashSet<string> Writes = ["CREATE", "UPDATE", "PATCH", "DELETE", "DELETECOLLECTION", "APPLY"];

    private RequestCounts(IReadOnlyDictionary<string, double> byKey)
    {
        ByKey = byKey;
    }

    /// <summary>"VERB resource[/subresource]", followed by " (CODE)" for a code of 300 or more → requests.</summary>
    public IReadOnlyDictionary<string, double> ByKey { get; }

    public static async Task<RequestCounts> ScrapeAsync(WharfApi api, CancellationToken ct) => Parse(await api.GetTextAsync("/metrics", ct));

    public static RequestCounts Parse(string metrics)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith("apiserver_request_total{", StringComparison.Ordinal)) continue;
            var labels = Label().Matches(line).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            var resource = labels.GetValueOrDefault("resource", "");
            if (labels.GetValueOrDefault("subresource") is { Length: > 0 } sub) resource += "/" + sub;
            var key = $"{labels.GetValueOrDefault("verb", "?")} {resource}";
            if (labels.GetValueOrDefault("code") is { Length: 3 } code && code[0] >= '3') key += $" ({code})";
            sums[key] = sums.GetValueOrDefault(key) + value;
        }
        return new RequestCounts(sums);
    }

    /// <summary>What happened between <paramref name="before"/> and this scrape, largest first.</summary>
    public IReadOnlyList<(string Key, double Count)> Since(RequestCounts before) =>
        ByKey.Select(kv => (kv.Key, Count: kv.Value - before.ByKey.GetValueOrDefault(kv.Key)))
            .Where(d => d.Count > 0)
            .OrderByDescending(d => d.Count)
            .ToList();

    public static bool IsWrite(string key) => Writes.Contains(key[..key.IndexOf(' ')]);

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex Label();
}
