using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Managed;

/// <summary>Reads and writes <c>metadata.managedFields</c> (upstream's DecodeManagedFields / encodeManagedFields).</summary>
internal static class ManagedFieldsCodec
{
    public static JsonNode? Read(JsonObject? obj) => (obj?["metadata"] as JsonObject)?["managedFields"];

    /// <exception cref="PatchException">When an entry is invalid.</exception>
    public static ManagedState Decode(JsonNode? managedFields)
    {
        var state = new ManagedState();
        if (managedFields is null)
        {
            return state;
        }

        if (managedFields is not JsonArray entries)
        {
            throw new PatchException("metadata.managedFields must be a list", PatchFailure.BadRequest);
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject obj)
            {
                throw new PatchException($"invalid managed fields entry {i}", PatchFailure.BadRequest);
            }

            var entry = ManagedFieldsEntry.FromJson(obj);
            if (entry.Operation is not (ManagedFieldsOperation.Apply or ManagedFieldsOperation.Update))
            {
                throw new PatchException("operation must be `Apply` or `Update`", PatchFailure.BadRequest);
            }

            if (entry.ApiVersion.Length == 0)
            {
                throw new PatchException("apiVersion must not be empty", PatchFailure.BadRequest);
            }

            if (entry.FieldsType != "FieldsV1")
            {
                throw new PatchException(entry.FieldsType.Length == 0
                    ? $"missing fieldsType in managed fields entry {i}"
                    : $"invalid fieldsType \"{entry.FieldsType}\" in managed fields entry {i}", PatchFailure.BadRequest);
            }

            var applied = entry.Operation == ManagedFieldsOperation.Apply;
            var key = applied
                ? ManagerKey.ForApply(entry.Manager, entry.Subresource)
                : ManagerKey.ForUpdate(entry.Manager, entry.ApiVersion, entry.Subresource);
            var set = entry.FieldsV1 is null ? new FieldSet() : FieldsV1.Decode(entry.FieldsV1);
            state.Sets[key] = new VersionedSet(set, entry.ApiVersion, applied);
            state.Times[key] = entry.Time;
        }

        return state;
    }

    /// <summary>The sorted entries (Apply before Update, then by time, manager, apiVersion, subresource).</summary>
    public static IReadOnlyList<ManagedFieldsEntry> Entries(ManagedState state) => state.Sets
        .Select(p => new ManagedFieldsEntry(
            p.Key.Manager,
            p.Value.Applied ? ManagedFieldsOperation.Apply : ManagedFieldsOperation.Update,
            p.Value.ApiVersion,
            state.Times.GetValueOrDefault(p.Key),
            "FieldsV1",
            FieldsV1.Encode(p.Value.Set),
            p.Key.Subresource))
        .OrderBy(e => e.Operation, StringComparer.Ordinal)
        .ThenBy(e => Seconds(e.Time))
        .ThenBy(e => e.Manager, StringComparer.Ordinal)
        .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
        .ThenBy(e => e.Subresource ?? string.Empty, StringComparer.Ordinal)
        .ToList();

    /// <summary>Writes the entries into <c>metadata.managedFields</c>, or removes it when no manager is left.</summary>
    public static void Write(JsonObject obj, ManagedState state)
    {
        var entries = Entries(state);
        if (entries.Count == 0)
        {
            Remove(obj);
            return;
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        var list = new JsonArray();
        foreach (var entry in entries)
        {
            list.Add(entry.ToJsonAdopting());
        }

        metadata["managedFields"] = list;
    }

    public static void Restore(JsonObject obj, JsonNode? managedFields)
    {
        Remove(obj);
        if (managedFields is not null && obj["metadata"] is JsonObject metadata)
        {
            metadata["managedFields"] = managedFields.DeepClone();
        }
    }

    public static void Remove(JsonObject obj) => (obj["metadata"] as JsonObject)?.Remove("managedFields");

    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Unix seconds of a managedFields time (0 when absent), the granularity upstream sorts by.</summary>
    public static long Seconds(string? time) =>
        time is not null && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUnixTimeSeconds()
            : 0;
}
