using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Managed;

namespace Wharf.ApiServer.Patching;

/// <summary>
/// The common update whose managedFields need no recomputation: one Update manager owns the object, the same
/// manager (same apiVersion, no subresource) writes again, and the write changes only values of fields that manager
/// already owns: no field added or removed, every list and every server-owned field as it was. The full field
/// manager would then arrive at the same single entry with its time stamped; this gets there by one walk over the
/// two objects instead of building and comparing typed field sets. Anything else is declined and takes the full path.
/// </summary>
internal static class OwnedValueUpdate
{
    /// <summary>Fields the server owns (see <see cref="FieldManager"/>): a change to one of them takes the full path.</summary>
    private static readonly HashSet<string> ServerOwnedMetadata =
        ["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"];

    private enum Outcome
    {
        Same,
        ChangedOwned,
        Declined,
    }

    /// <summary>
    /// Sets <paramref name="updated"/>'s managedFields (in place) to what <see cref="FieldManager.Update"/> would
    /// give, or returns false and leaves it untouched.
    /// </summary>
    public static bool TryTrack(JsonObject live, JsonObject updated, FieldOwner owner)
    {
        if (owner.Subresource is not null
            || live["metadata"] is not JsonObject liveMeta
            || updated["metadata"] is not JsonObject updatedMeta
            || liveMeta["managedFields"] is not JsonArray { Count: 1 } liveFields
            || liveFields[0] is not JsonObject entry
            || !IsSoleUpdateEntryOf(entry, owner)
            || entry["fieldsV1"] is not JsonObject owned)
            return false;
        // A body that names other managedFields replaces the live ones; only an absent or unchanged list keeps them.
        if (updatedMeta["managedFields"] is { } sent && !JsonNode.DeepEquals(sent, liveFields))
            return false;
        if (Compare(live, updated, owned, topLevel: true, metadata: false) != Outcome.ChangedOwned)
            return false;

        var fields = WithTime(entry, owner.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        // The field manager writes the list anew, so it always ends metadata.
        updatedMeta.Remove("managedFields");
        updatedMeta["managedFields"] = fields;
        return true;
    }

    /// <summary>
    /// The live list's copy with the entry's time restamped, written as text and parsed once: the store only writes
    /// it out, and a node-by-node clone of the entry's fieldsV1 was much of an update's garbage.
    /// </summary>
    private static JsonNode WithTime(JsonObject entry, string time)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        writer.WriteStartObject();
        for (var i = 0; i < entry.Count; i++)
        {
            var (key, value) = entry.GetAt(i);
            writer.WritePropertyName(key);
            if (key == "time")
                writer.WriteStringValue(time);
            else if (value is null)
                writer.WriteNullValue();
            else
                value.WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.WriteEndArray();
        return scratch.Parse()!;
    }

    /// <summary>Members that take part in the comparison: managedFields is what is being computed.</summary>
    private static int MemberCount(JsonObject obj, bool metadata) =>
        metadata && obj.ContainsKey("managedFields") ? obj.Count - 1 : obj.Count;

    private static bool IsSoleUpdateEntryOf(JsonObject entry, FieldOwner owner) =>
        TextEquals(entry, "manager", owner.Manager)
        && TextEquals(entry, "operation", "Update")
        && TextEquals(entry, "apiVersion", owner.ApiVersion)
        && TextEquals(entry, "fieldsType", "FieldsV1")
        && entry["subresource"] is null
        && entry["time"] is JsonValue;

    /// <summary>Whether a member is the string <paramref name="expected"/>; a value still held as parsed bytes is compared in place, not copied out.</summary>
    private static bool TextEquals(JsonObject obj, string key, string? expected)
    {
        if (expected is null || obj[key] is not JsonValue value) return false;
        if (value.TryGetValue<JsonElement>(out var element))
            return element.ValueKind == JsonValueKind.String && element.ValueEquals(expected);
        return value.TryGetValue<string>(out var text) && text == expected;
    }

    /// <summary>
    /// Walks two objects of the same shape; <paramref name="owned"/> is the manager's FieldsV1 node at this level
    /// (null when it owns nothing below). A changed value counts only where the manager owns that very field.
    /// </summary>
    private static Outcome Compare(JsonObject live, JsonObject updated, JsonObject? owned, bool topLevel, bool metadata)
    {
        if (MemberCount(live, metadata) != MemberCount(updated, metadata)) return Outcome.Declined;
        var outcome = Outcome.Same;
        for (var i = 0; i < live.Count; i++)
        {
            var (key, liveValue) = live.GetAt(i);
            if (metadata && key == "managedFields") continue;
            if (!updated.TryGetPropertyValue(key, out var updatedValue)) return Outcome.Declined;
            var serverOwned = (topLevel && key is "apiVersion" or "kind") || (metadata && ServerOwnedMetadata.Contains(key));
            var ownedChild = owned?[PathElement.FieldKey(key)] as JsonObject;
            Outcome child;
            switch (liveValue, updatedValue)
            {
                case (JsonObject a, JsonObject b):
                    child = serverOwned && !JsonNode.DeepEquals(a, b)
                        ? Outcome.Declined
                        : Compare(a, b, ownedChild, topLevel: false, metadata: topLevel && key == "metadata");
                    break;
                case (JsonArray a, JsonArray b):
                    // Lists may be keyed by their items' values: any change there takes the full path.
                    child = JsonNode.DeepEquals(a, b) ? Outcome.Same : Outcome.Declined;
                    break;
                case (JsonValue a, JsonValue b) when a.GetValueKind() == b.GetValueKind():
                    child = JsonNode.DeepEquals(a, b) ? Outcome.Same
                        : !serverOwned && ownedChild is not null ? Outcome.ChangedOwned
                        : Outcome.Declined;
                    break;
                case (null, null):
                    child = Outcome.Same;
                    break;
                default:
                    return Outcome.Declined;
            }
            if (child == Outcome.Declined) return Outcome.Declined;
            if (child == Outcome.ChangedOwned) outcome = Outcome.ChangedOwned;
        }
        return outcome;
    }
}
