using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Managed;

/// <summary>The outcome of a server-side apply: the new object, or the conflicts (the server answers 409).</summary>
public sealed class ApplyResult
{
    private ApplyResult(JsonObject? obj, bool changed, IReadOnlyList<ApplyConflict> conflicts)
    {
        Object = obj;
        Changed = changed;
        Conflicts = conflicts;
    }

    /// <summary>The object to store, with <c>metadata.managedFields</c> set; null when there are conflicts.</summary>
    public JsonObject? Object { get; }

    /// <summary>False when the apply left the object's content unchanged (ownership may still have moved).</summary>
    public bool Changed { get; }

    public IReadOnlyList<ApplyConflict> Conflicts { get; }

    public bool HasConflicts => Conflicts.Count > 0;

    /// <summary>Upstream's 409 message, e.g. <c>Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas</c>.</summary>
    public string? ConflictMessage => HasConflicts ? Format(Conflicts) : null;

    internal static ApplyResult Success(JsonObject obj, bool changed) => new(obj, changed, []);

    internal static ApplyResult Conflicted(IReadOnlyList<ApplyConflict> conflicts) => new(null, false, conflicts);

    private static string Format(IReadOnlyList<ApplyConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: {conflicts[0].Message}: {conflicts[0].Field}";
        }

        var lines = conflicts
            .GroupBy(c => c.Message)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Select(c => $"- {c.Field}").Prepend($"conflicts with {g.Key["conflict with ".Length..]}:"));
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}
