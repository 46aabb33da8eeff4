using System.Collections;
using System.Text.Json.Nodes;

namespace Wharf.JsonTrees;

/// <summary>
/// A range of pending members handed to JsonObject's sized constructor, which takes a collection (for its count) and
/// enumerates it once. An ArraySegment would do, boxed with its enumerator: two allocations per object read. This
/// window is its own enumerator and is reused by its thread, as the constructor never keeps or nests it.
/// </summary>
internal sealed class MemberWindow : ICollection<KeyValuePair<string, JsonNode?>>, IEnumerator<KeyValuePair<string, JsonNode?>>
{
    private KeyValuePair<string, JsonNode?>[] _members = [];
    private int _start;
    private int _position;

    public int Count { get; private set; }

    public bool IsReadOnly => true;

    public KeyValuePair<string, JsonNode?> Current => _members[_position];

    object IEnumerator.Current => Current;

    /// <summary>Shows <paramref name="count"/> members from <paramref name="start"/>, positioned before the first.</summary>
    public MemberWindow Over(KeyValuePair<string, JsonNode?>[] members, int start, int count)
    {
        (_members, _start, Count, _position) = (members, start, count, start - 1);
        return this;
    }

    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator() => this;

    IEnumerator IEnumerable.GetEnumerator() => this;

    public bool MoveNext() => ++_position < _start + Count;

    public void Reset() => _position = _start - 1;

    /// <summary>The constructor's foreach ends here; the members stay with their owner, not with this window.</summary>
    public void Dispose() => (_members, Count) = ([], 0);

    public bool Contains(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();

    public void CopyTo(KeyValuePair<string, JsonNode?>[] array, int arrayIndex) => throw new NotSupportedException();

    public void Add(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    public bool Remove(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();
}
