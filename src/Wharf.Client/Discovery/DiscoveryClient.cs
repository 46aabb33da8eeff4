using System.Text.Json.Nodes;
using Wharf.Client.Rest;

namespace Wharf.Client.Discovery;

/// <summary>
/// Reads which resources the server serves: aggregated discovery (apidiscovery.k8s.io/v2, two requests) when the
/// server offers it, otherwise the legacy per-group-version documents.
/// </summary>
public sealed class DiscoveryClient(IApiClient client)
{
    private const string AggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

    /// <summary>Every top-level resource at its group's preferred version (subresources left out).</summary>
    public async Task<DiscoveryResult> ServerPreferredResourcesAsync(CancellationToken ct)
    {
        var resources = new List<DiscoveredResource>();
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in new[] { "/api", "/apis" })
        {
            var answer = await client.GetRawAsync(root, AggregatedAccept, ct);
            if (answer.ContentType?.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal) == true && answer.Body is JsonObject aggregated)
                ReadAggregated(aggregated, resources, failed);
            else if (answer.Body is JsonObject legacy)
                await ReadLegacyAsync(root, legacy, resources, failed, ct);
        }
        return new DiscoveryResult(resources, failed);
    }

    private static void ReadAggregated(JsonObject list, List<DiscoveredResource> into, Dictionary<string, string> failed)
    {
        foreach (var group in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var groupName = Str(group["metadata"]?["name"]) ?? "";
            // Versions are listed by preference; the first is the preferred one.
            if ((group["versions"] as JsonArray)?.FirstOrDefault() is not JsonObject version) continue;
            var versionName = Str(version["version"]) ?? "";
            if (Str(version["freshness"]) == "Stale")
            {
                failed[GroupVersion(groupName, versionName)] = "stale GroupVersion discovery";
                continue;
            }
            foreach (var r in (version["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var plural = Str(r["resource"]);
                if (plural is null) continue;
                var kind = Str(r["responseKind"]?["kind"]) ?? "";
                into.Add(new DiscoveredResource(new Resource(groupName, versionName, plural, kind, Str(r["scope"]) == "Namespaced"), Verbs(r["verbs"])));
            }
        }
    }

    private async Task ReadLegacyAsync(string root, JsonObject document, List<DiscoveredResource> into, Dictionary<string, string> failed, CancellationToken ct)
    {
        var groupVersions = new List<(string Group, string Version)>();
        if (root == "/api")
        {
            foreach (var v in (document["versions"] as JsonArray ?? []).Select(Str).OfType<string>().Take(1))
                groupVersions.Add(("", v));
        }
        else
        {
            foreach (var g in (document["groups"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = Str(g["name"]) ?? "";
                var preferred = Str(g["preferredVersion"]?["version"]) ?? Str((g["versions"] as JsonArray)?.FirstOrDefault()?["version"]);
                if (preferred is not null) groupVersions.Add((name, preferred));
            }
        }
        foreach (var (group, version) in groupVersions)
        {
            var gv = GroupVersion(group, version);
            try
            {
                var list = await client.GetRawAsync(group.Length == 0 ? $"/api/{version}" : $"/apis/{gv}", "application/json", ct);
                foreach (var r in (list.Body?["resources"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var name = Str(r["name"]);
                    if (name is null || name.Contains('/')) continue;
                    var namespaced = r["namespaced"] is JsonValue n && n.TryGetValue<bool>(out var b) && b;
                    into.Add(new DiscoveredResource(new Resource(group, version, name, Str(r["kind"]) ?? "", namespaced), Verbs(r["verbs"])));
                }
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or System.Text.Json.JsonException)
            {
                failed[gv] = e.Message;
            }
        }
    }

    private static IReadOnlySet<string> Verbs(JsonNode? node) =>
        (node as JsonArray ?? []).Select(Str).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private static string GroupVersion(string group, string version) => group.Length == 0 ? version : $"{group}/{version}";

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
