using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.History;

/// <summary>
/// Pure helpers over apps/v1 ControllerRevisions as upstream's pkg/controller/history has them: the data hash and
/// name, building a revision, equality, ordering and the next revision number. I/O lives in <see cref="RevisionHistory"/>.
/// </summary>
public static class ControllerRevisions
{
    /// <summary>The label every revision carries with the hash of its data (upstream's ControllerRevisionHashLabel).</summary>
    public const string HashLabel = "controller.kubernetes.io/hash";

    /// <summary>The label on pods naming the revision they were made from (StatefulSet: the revision name; DaemonSet: its hash).</summary>
    public const string PodRevisionLabel = "controller-revision-hash";

    public static readonly Resource Resource = new("apps", "v1", "controllerrevisions", "ControllerRevision", true);

    /// <summary>Longest parent-name prefix of a revision name, so the name stays within 253 characters.</summary>
    private const int MaxPrefix = 223;

    /// <summary>
    /// FNV-32 (not 32a) over the data (canonical JSON, keys sorted, so equal data hashes equally whatever the field
    /// order), then the collision count's decimal text, printed in decimal and safe-encoded.
    /// </summary>
    public static string Hash(JsonNode? data, int? collisionCount)
    {
        var hash = 2166136261u;
        if (data is not null) hash = Fnv32(hash, PodTemplateHash.CanonicalUtf8(data));
        if (collisionCount is { } c) hash = Fnv32(hash, Encoding.ASCII.GetBytes(c.ToString(CultureInfo.InvariantCulture)));
        return PodTemplateHash.SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary><c>prefix-hash</c>, the prefix cut to 223 characters.</summary>
    public static string Name(string prefix, string hash) => $"{(prefix.Length > MaxPrefix ? prefix[..MaxPrefix] : prefix)}-{hash}";

    /// <summary>
    /// A revision (not yet created) of <paramref name="parent"/>: the template labels plus <see cref="HashLabel"/>,
    /// a controller reference, the data and the revision number; named and hashed with <paramref name="collisionCount"/>.
    /// </summary>
    public static JsonObject New(JsonObject parent, Resource parentKind, JsonObject? templateLabels, JsonNode data, long revision, int? collisionCount)
    {
        var hash = Hash(data, collisionCount);
        var labels = templateLabels?.DeepClone() as JsonObject ?? new JsonObject();
        labels[HashLabel] = hash;
        return new JsonObject
        {
            ["apiVersion"] = Resource.GroupVersion,
            ["kind"] = Resource.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = Name(ObjectMeta.Name(parent)!, hash),
                ["namespace"] = ObjectMeta.Namespace(parent),
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(OwnerReferences.NewControllerRef(parent, parentKind)),
            },
            ["data"] = data.DeepClone(),
            ["revision"] = revision,
        };
    }

    public static long Revision(JsonObject revision) =>
        revision["revision"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    /// <summary>
    /// Same data (upstream's EqualRevision). Upstream compares hash labels first only when they parse as integers,
    /// which safe-encoded hashes almost never do, so the data alone decides here.
    /// </summary>
    public static bool Equal(JsonObject? a, JsonObject? b)
    {
        if (a is null || b is null) return ReferenceEquals(a, b);
        return PodTemplateHash.Canonical(a["data"]) == PodTemplateHash.Canonical(b["data"]);
    }

    /// <summary>The revisions equal to <paramref name="needle"/>, in their given order.</summary>
    public static IReadOnlyList<JsonObject> FindEqual(IEnumerable<JsonObject> revisions, JsonObject needle) =>
        revisions.Where(r => Equal(r, needle)).ToList();

    /// <summary>By revision number; ties by creation time, then name (upstream's byRevision, stable).</summary>
    public static List<JsonObject> Sort(IEnumerable<JsonObject> revisions) =>
        revisions.OrderBy(Revision)
            .ThenBy(r => JsonHelpers.ParseTime(r["metadata"]?["creationTimestamp"].Str()) ?? DateTimeOffset.MinValue)
            .ThenBy(r => ObjectMeta.Name(r), StringComparer.Ordinal)
            .ToList();

    /// <summary>One more than the highest revision of a sorted history, or 1 for none.</summary>
    public static long NextRevision(IReadOnlyList<JsonObject> sorted) => sorted.Count == 0 ? 1 : Revision(sorted[^1]) + 1;

    /// <summary>
    /// The revisions to delete so that at most <paramref name="limit"/> non-live ones remain, oldest first (upstream's
    /// truncateHistory): live revisions (current, update, or still worn by a pod) never count and never go.
    /// </summary>
    public static IReadOnlyList<JsonObject> Excess(IReadOnlyList<JsonObject> sorted, IReadOnlySet<string> live, int limit)
    {
        var history = sorted.Where(r => !live.Contains(ObjectMeta.Name(r) ?? "")).ToList();
        return history.Count <= limit ? [] : history.Take(history.Count - Math.Max(0, limit)).ToList();
    }

    private static uint Fnv32(uint hash, byte[] bytes)
    {
        foreach (var b in bytes) hash = unchecked((hash * 16777619u) ^ b);
        return hash;
    }
}
