using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// The nodes of the entries an update keeps (see <see cref="UpdatePartition"/>), to go into the new list as they are
/// instead of being written as text and parsed again with the rest (a copy of the text and a row per token, per kept
/// entry per write: the largest share of a status write's tracking garbage). A node is used only when writing its
/// entry would give exactly it: the members <see cref="ManagedFieldsEntry.WriteTo"/> writes, in its order, each of
/// the kind it is written as, and nothing else (its fieldsV1 the partition already found canonical).
/// </summary>
/// <remarks>
/// The nodes come from the list the update read. When that list is the new object's own (the caller owns the new
/// object) they are moved out of it; when it is the live object's (a subresource write, which reads the live list and
/// never changes the live object) they are copies, which share the stored object's parsed text as long as nobody has
/// read below them. Any other list (a main-resource write that sends none, whose live object the store builds in
/// full) is written as text: a copy of a built node would cost more.
/// </remarks>
internal static class KeptEntryNodes
{
    /// <summary>The node for each kept entry (null where the entry must be written), or null when none is used.</summary>
    public static JsonObject?[]? Take(JsonArray list, JsonArray? newObjectList, bool isSubresource, UpdatePartition.Split split)
    {
        var owned = ReferenceEquals(list, newObjectList);
        if (!owned && !isSubresource)
        {
            return null;
        }

        JsonObject?[]? nodes = null;
        for (var j = 0; j < split.Kept.Count; j++)
        {
            var entry = split.Kept[j];
            if (list[split.KeptAt[j]] is not JsonObject node || !IsWrittenAsIs(node, entry, isWriter: j == split.WriterKeptIndex))
            {
                continue;
            }

            nodes ??= new JsonObject?[split.Kept.Count];
            nodes[j] = owned ? node : (JsonObject)node.DeepClone();
            if (j == split.WriterKeptIndex)
            {
                nodes[j]!["time"] = entry.Time;
            }
        }

        if (owned && nodes is not null)
        {
            // The new object's list is replaced: its entries leave it for the new one.
            list.Clear();
        }

        return nodes;
    }

    /// <summary>
    /// Whether writing <paramref name="entry"/> (read from <paramref name="node"/>) gives the node's members as they
    /// are: manager, operation, apiVersion, time, fieldsType, fieldsV1 and subresource in that order, strings (an
    /// object for fieldsV1), time optional (but the writer's, which is restamped in place), fieldsV1 optional and
    /// subresource only when not empty.
    /// </summary>
    internal static bool IsWrittenAsIs(JsonObject node, ManagedFieldsEntry entry, bool isWriter)
    {
        var at = 0;
        if (!Next(node, ref at, "manager") || !Next(node, ref at, "operation") || !Next(node, ref at, "apiVersion"))
        {
            return false;
        }

        var hasTime = Next(node, ref at, "time");
        if ((isWriter && !hasTime) || !Next(node, ref at, "fieldsType"))
        {
            return false;
        }

        if (at < node.Count && node.GetAt(at) is ("fieldsV1", JsonObject))
        {
            at++;
        }

        if (Next(node, ref at, "subresource") && string.IsNullOrEmpty(entry.Subresource))
        {
            return false;
        }

        return at == node.Count;
    }

    /// <summary>Steps past the member at <paramref name="at"/> when it is <paramref name="name"/> with a string value.</summary>
    private static bool Next(JsonObject node, ref int at, string name)
    {
        if (at >= node.Count)
        {
            return false;
        }

        var (key, value) = node.GetAt(at);
        if (key != name || value is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        at++;
        return true;
    }
}
