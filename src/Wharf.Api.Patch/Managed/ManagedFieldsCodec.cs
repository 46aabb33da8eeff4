using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed;

/// <summary>Reads and writes <c>metadata.managedFields</c> (upstream's DecodeManagedFields / encodeManagedFields).</summary>
internal static class ManagedFieldsCodec
{
    public static JsonNode? Read(JsonObject? obj) => (obj?["metadata"] as JsonObject)?["managedFields"];

    /// <exception cref="PatchException">When an entry is invalid.</exception>
    public static ManagedState Decode(JsonNode? managedFields)
    {
        var state = new ManagedState();
        foreach (var (entry, key) in ReadEntries(managedFields))
        {
            state.Add(entry, key);
        }

        return state;
    }

    /// <summary>The entries of a list, each with its manager's identity, in list order, checked as upstream checks them.</summary>
    /// <exception cref="PatchException">When an entry is invalid.</exception>
    public static List<(ManagedFieldsEntry Entry, ManagerKey Key)> ReadEntries(JsonNode? managedFields)
    {
        if (managedFields is null)
        {
            return [];
        }

        if (managedFields is not JsonArray entries)
        {
            throw new PatchException("metadata.managedFields must be a list", PatchFailure.BadRequest);
        }

        var result = new List<(ManagedFieldsEntry, ManagerKey)>(entries.Count);
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

            var key = entry.Operation == ManagedFieldsOperation.Apply
                ? ManagerKey.ForApply(entry.Manager, entry.Subresource)
                : ManagerKey.ForUpdate(entry.Manager, entry.ApiVersion, entry.Subresource);
            result.Add((entry, key));
        }

        return result;
    }

    /// <summary>
    /// The entries to write, sorted (Apply before Update, then by time, manager, apiVersion, subresource): those of
    /// <paramref name="state"/> with their sets, and <paramref name="kept"/> as they were read (their fieldsV1 already
    /// is the encoding of their set). The sort is stable (ties keep this order), as upstream's is.
    /// </summary>
    public static List<(ManagedFieldsEntry Entry, FieldSet? Set)> Entries(ManagedState state, IEnumerable<ManagedFieldsEntry>? kept = null)
    {
        var sorted = Sorted(state, kept?.ToList() ?? [], null);
        var result = new List<(ManagedFieldsEntry Entry, FieldSet? Set)>(sorted.Count);
        foreach (var item in sorted)
        {
            result.Add((item.Entry, item.Set));
        }

        return result;
    }

    /// <summary><see cref="Entries"/> with the node of each kept entry that goes into the list as it is (or null).</summary>
    private static List<SortedEntry> Sorted(ManagedState state, IReadOnlyList<ManagedFieldsEntry> kept, IReadOnlyList<JsonObject?>? keptNodes)
    {
        var sorted = new List<SortedEntry>(state.Sets.Count + kept.Count);
        foreach (var (key, owned) in state.Sets)
        {
            var entry = new ManagedFieldsEntry(
                key.Manager,
                owned.Applied ? ManagedFieldsOperation.Apply : ManagedFieldsOperation.Update,
                owned.ApiVersion,
                state.Times.GetValueOrDefault(key),
                "FieldsV1",
                null,
                key.Subresource);
            sorted.Add(new SortedEntry(entry, owned.Set, null, Seconds(entry.Time), sorted.Count));
        }

        for (var i = 0; i < kept.Count; i++)
        {
            sorted.Add(new SortedEntry(kept[i], null, keptNodes?[i], Seconds(kept[i].Time), sorted.Count));
        }

        sorted.Sort(SortedEntry.Compare);
        return sorted;
    }

    /// <summary>An entry with its sort keys (the time's seconds parsed once, and its place for ties) and what to write it from.</summary>
    private readonly record struct SortedEntry(ManagedFieldsEntry Entry, FieldSet? Set, JsonObject? Node, long Seconds, int Index)
    {
        public static int Compare(SortedEntry a, SortedEntry b)
        {
            var order = string.CompareOrdinal(a.Entry.Operation, b.Entry.Operation);
            if (order == 0)
            {
                order = a.Seconds.CompareTo(b.Seconds);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.Entry.Manager, b.Entry.Manager);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.Entry.ApiVersion, b.Entry.ApiVersion);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.Entry.Subresource ?? string.Empty, b.Entry.Subresource ?? string.Empty);
            }

            return order != 0 ? order : a.Index.CompareTo(b.Index);
        }
    }

    /// <summary>
    /// Writes the entries (see <see cref="Entries"/>) into <c>metadata.managedFields</c>, or removes it when no
    /// manager is left. The list is written as text and parsed once (see <see cref="JsonScratch"/>).
    /// </summary>
    public static void Write(JsonObject obj, ManagedState state, IEnumerable<ManagedFieldsEntry>? kept = null)
    {
        var entries = Entries(state, kept);
        if (entries.Count == 0)
        {
            Remove(obj);
            return;
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        metadata["managedFields"] = List(entries);
    }

    /// <summary>
    /// <see cref="Write"/> of an update that keeps entries, with the nodes of those that go into the list as they are
    /// (see <see cref="KeptEntryNodes"/>; null where an entry is written): only the other entries are written as text
    /// and parsed.
    /// </summary>
    public static void Write(JsonObject obj, ManagedState state, IReadOnlyList<ManagedFieldsEntry> kept, IReadOnlyList<JsonObject?>? keptNodes)
    {
        if (keptNodes is null)
        {
            Write(obj, state, kept);
            return;
        }

        var sorted = Sorted(state, kept, keptNodes);
        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        metadata["managedFields"] = ListWith(sorted);
    }

    /// <summary>The sorted entries as a list: their nodes where they have one, the others written and parsed once.</summary>
    private static JsonArray ListWith(List<SortedEntry> sorted)
    {
        var written = new List<(ManagedFieldsEntry Entry, FieldSet? Set)>();
        foreach (var item in sorted)
        {
            if (item.Node is null)
            {
                written.Add((item.Entry, item.Set));
            }
        }

        JsonNode?[] parsed = [];
        if (written.Count > 0)
        {
            var list = List(written);
            parsed = [.. list];
            list.Clear(); // the parsed entries leave their list for the new one
        }

        var items = new JsonNode?[sorted.Count];
        var next = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            items[i] = sorted[i].Node ?? parsed[next++];
        }

        return new JsonArray(items);
    }

    /// <summary>The list of the given entries in their order, each written with its set as its fieldsV1 when it has one.</summary>
    public static JsonArray List(IEnumerable<(ManagedFieldsEntry Entry, FieldSet? Set)> entries)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        foreach (var (entry, set) in entries)
        {
            entry.WriteTo(writer, set);
        }

        writer.WriteEndArray();
        return (JsonArray)scratch.Parse()!;
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
