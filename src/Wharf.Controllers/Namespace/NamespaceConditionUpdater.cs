using System.Text.Json.Nodes;
using Wharf.Client;

namespace Wharf.Controllers.Namespace;

/// <summary>
/// Turns one deletion pass into the namespace status conditions upstream maintains: each type is True with the
/// failure's reason and message, or False with its "ok" reason and message. Reasons and messages are upstream's.
/// </summary>
internal sealed class NamespaceConditionUpdater(DateTimeOffset now)
{
    public const string DiscoveryFailure = "NamespaceDeletionDiscoveryFailure";
    public const string GroupVersionParsingFailure = "NamespaceDeletionGroupVersionParsingFailure";
    public const string ContentFailure = "NamespaceDeletionContentFailure";
    public const string ContentRemaining = "NamespaceContentRemaining";
    public const string FinalizersRemaining = "NamespaceFinalizersRemaining";

    private static readonly (string Type, string OkReason, string OkMessage)[] Types =
    [
        (DiscoveryFailure, "ResourcesDiscovered", "All resources successfully discovered"),
        (GroupVersionParsingFailure, "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        (ContentFailure, "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        (ContentRemaining, "ContentRemoved", "All content successfully removed"),
        (FinalizersRemaining, "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    private readonly Dictionary<string, (string Reason, string Message)> _failures = new();
    private readonly List<string> _contentErrors = new();

    public void ProcessDiscoveryFailure(string message) => _failures[DiscoveryFailure] = ("DiscoveryFailed", message);

    public void ProcessDeleteContentError(string message) => _contentErrors.Add(message);

    public void ProcessContentTotals(IReadOnlyDictionary<Resource, int> remaining, IReadOnlyDictionary<string, int> finalizers)
    {
        var resources = remaining.Where(r => r.Value > 0)
            .Select(r => $"{r.Key.Plural}.{r.Key.Group} has {r.Value} resource instances")
            .Order(StringComparer.Ordinal).ToList();
        if (resources.Count > 0)
            _failures[ContentRemaining] = ("SomeResourcesRemain", $"Some resources are remaining: {string.Join(", ", resources)}");
        var byFinalizer = finalizers.Where(f => f.Value > 0)
            .Select(f => $"{f.Key} in {f.Value} resource instances")
            .Order(StringComparer.Ordinal).ToList();
        if (byFinalizer.Count > 0)
            _failures[FinalizersRemaining] = ("SomeFinalizersRemain", $"Some content in the namespace has finalizers remaining: {string.Join(", ", byFinalizer)}");
    }

    /// <summary>Writes the conditions into <paramref name="ns"/>'s status; returns whether anything changed.</summary>
    public bool Update(JsonObject ns)
    {
        if (_contentErrors.Count > 0 && !_failures.ContainsKey(ContentFailure))
        {
            var messages = _contentErrors.Order(StringComparer.Ordinal);
            _failures[ContentFailure] = ("ContentDeletionFailed",
                $"Failed to delete all resource types, {_contentErrors.Count} remaining: {string.Join(", ", messages)}");
        }
        var status = ns.Obj("status");
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = new JsonArray();
            status["conditions"] = conditions;
        }
        var changed = false;
        foreach (var (type, okReason, okMessage) in Types)
        {
            var (wantStatus, reason, message) = _failures.TryGetValue(type, out var f) ? ("True", f.Reason, f.Message) : ("False", okReason, okMessage);
            var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == type);
            if (existing is null)
            {
                conditions.Add(new JsonObject
                {
                    ["type"] = type,
                    ["status"] = wantStatus,
                    ["lastTransitionTime"] = JsonHelpers.Timestamp(now),
                    ["reason"] = reason,
                    ["message"] = message,
                });
                changed = true;
            }
            else if (existing["status"].Str() != wantStatus || existing["reason"].Str() != reason || existing["message"].Str() != message)
            {
                if (existing["status"].Str() != wantStatus) existing["lastTransitionTime"] = JsonHelpers.Timestamp(now);
                existing["status"] = wantStatus;
                existing["reason"] = reason;
                existing["message"] = message;
                changed = true;
            }
        }
        return changed;
    }
}
