using System.Text.Json.Nodes;

namespace Wharf.JsonTrees;

/// <summary>
/// The members and items of the objects and arrays being read on this thread, held until each container's end so
/// that it is built at its final size: a JsonObject filled one Add at a time grows its dictionary 3 → 7 → 17 → 37
/// entries (each step a new entries and buckets array), a JsonArray its list 4 → 8 → 16. Containers nest, so the
/// pending nodes form a stack: a container's own range starts at its mark, and its children are built (and popped)
/// before its next member is pushed. A read never nests another on its thread, and a failed read resets to the
/// marks it started from.
/// </summary>
internal sealed class PendingNodes
{
    [ThreadStatic] private static PendingNodes? t_current;

    private KeyValuePair<string, JsonNode?>[] _members = new KeyValuePair<string, JsonNode?>[64];
    private JsonNode?[] _items = new JsonNode?[64];
    private readonly MemberWindow _window = new();

    public static PendingNodes ForThread => t_current ??= new PendingNodes();

    public int MemberMark { get; private set; }

    public int ItemMark { get; private set; }

    public void PushMember(string name, JsonNode? value)
    {
        if (MemberMark == _members.Length) Array.Resize(ref _members, _members.Length * 2);
        _members[MemberMark++] = new KeyValuePair<string, JsonNode?>(name, value);
    }

    public void PushItem(JsonNode? item)
    {
        if (ItemMark == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[ItemMark++] = item;
    }

    /// <summary>
    /// The object of the members pushed since <paramref name="mark"/>, which are popped. A repeated name keeps its
    /// first position and its last value (as a parse's object does) when <paramref name="lastNameWins"/>; otherwise
    /// it throws the <see cref="ArgumentException"/> that building a parsed object with a repeated name throws.
    /// </summary>
    public JsonObject PopObject(int mark, bool lastNameWins)
    {
        var count = MemberMark - mark;
        if (count == 0) return new JsonObject();
        try
        {
            // Built at its final size: a JsonObject filled one Add at a time would grow its dictionary 3 → 7 → 17 → 37.
            return new JsonObject(_window.Over(_members, mark, count));
        }
        catch (ArgumentException) when (lastNameWins)
        {
            return OneByOne(mark, count);
        }
        finally
        {
            Array.Clear(_members, mark, count); // the popped nodes belong to the object now, not to this thread
            MemberMark = mark;
        }
    }

    /// <summary>The array of the items pushed since <paramref name="mark"/>, which are popped.</summary>
    public JsonArray PopArray(int mark)
    {
        var count = ItemMark - mark;
        if (count == 0) return new JsonArray();
        var array = new JsonArray(_items.AsSpan(mark, count));
        Array.Clear(_items, mark, count);
        ItemMark = mark;
        return array;
    }

    /// <summary>After a failed read: drops whatever it left pending above the marks it started from.</summary>
    public void Reset(int memberMark, int itemMark)
    {
        Array.Clear(_members, memberMark, MemberMark - memberMark);
        Array.Clear(_items, itemMark, ItemMark - itemMark);
        (MemberMark, ItemMark) = (memberMark, itemMark);
    }

    /// <summary>A repeated name's object, as a parse builds it: the first position, the last value.</summary>
    private JsonObject OneByOne(int mark, int count)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in _members.AsSpan(mark, count))
        {
            // The sized constructor may have refused a repeated name after taking the members before it.
            var free = value?.Parent is null ? value : value.DeepClone();
            if (!obj.TryAdd(name, free)) obj[name] = free;
        }
        return obj;
    }
}
