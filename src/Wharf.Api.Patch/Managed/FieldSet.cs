namespace Wharf.Api.Patch.Managed;

/// <summary>
/// A set of field paths stored as a trie (structured-merge-diff's fieldpath.Set): at each node, the members (paths
/// ending here) and the children (paths continuing). Set operations return new sets and never change their inputs.
/// A result may share whole subtrees with an input (a difference keeps what the other set does not touch as it
/// is, a union takes a subtree only one side has as it is, and either returns an input itself when the other adds
/// or takes nothing): a set is only ever built up (<see cref="Insert(FieldPath)"/>, decoding) before it is handed
/// to anyone, never changed after, so sharing is safe and saves copying the large untouched parts of every
/// manager's set.
/// </summary>
/// <remarks>
/// Members and children are lists kept sorted in path-element order: a node has a few to a few dozen of them, and
/// a sorted list costs one array where a balanced tree cost an object per element (and an enumerator stack per
/// walk); the sets of every update are built, merged and dropped, so that was a large share of a write's garbage.
/// Unions and differences merge the sorted lists in one pass.
/// </remarks>
public sealed class FieldSet
{
    // Both made on first use: most nodes of a set are leaves' parents without children, or children without members.
    private List<PathElement>? _members;
    private List<KeyValuePair<PathElement, FieldSet>>? _children;

    /// <summary>Set once the set is shared beyond its builder (see <see cref="Freeze"/>): building it further then throws.</summary>
    private bool _frozen;

    public IEnumerable<PathElement> Members => _members ?? (IEnumerable<PathElement>)[];

    public IEnumerable<KeyValuePair<PathElement, FieldSet>> Children => _children ?? (IEnumerable<KeyValuePair<PathElement, FieldSet>>)[];

    /// <summary>The members in order (an empty list when none), for walks that should not box an enumerator.</summary>
    internal IReadOnlyList<PathElement> MemberList => _members ?? (IReadOnlyList<PathElement>)[];

    /// <summary>The children in order (an empty list when none), for walks that should not box an enumerator.</summary>
    internal IReadOnlyList<KeyValuePair<PathElement, FieldSet>> ChildList => _children ?? (IReadOnlyList<KeyValuePair<PathElement, FieldSet>>)[];

    public bool IsEmpty
    {
        get
        {
            if (_members is { Count: > 0 })
            {
                return false;
            }

            if (_children is null)
            {
                return true;
            }

            foreach (var (_, child) in _children)
            {
                if (!child.IsEmpty)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>No members and no children at this node (cheaper than <see cref="IsEmpty"/>, which also looks below).</summary>
    private bool HasNothing => _members is not { Count: > 0 } && _children is not { Count: > 0 };

    public static FieldSet Of(params FieldPath[] paths)
    {
        var set = new FieldSet();
        foreach (var path in paths)
        {
            set.Insert(path.Elements);
        }

        return set;
    }

    /// <summary>Adds a path (building sets only; prefer the set operations once a set is shared).</summary>
    public void Insert(IReadOnlyList<PathElement> path)
    {
        if (path.Count == 0)
        {
            return;
        }

        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            node = node.ChildOrAdd(path[i]);
        }

        node.AddMember(path[^1]);
    }

    public void Insert(FieldPath path) => Insert(path.Elements);

    public bool Has(IReadOnlyList<PathElement> path)
    {
        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            node = node.ChildOrNull(path[i]);
            if (node is null)
            {
                return false;
            }
        }

        return path.Count > 0 && node.HasMember(path[^1]);
    }

    public bool Has(FieldPath path) => Has(path.Elements);

    public bool HasMember(PathElement element) => _members is not null && IndexOfMember(_members, element) >= 0;

    /// <summary>The subtree below <paramref name="element"/> (upstream's WithPrefix), empty when none.</summary>
    public FieldSet Child(PathElement element) => ChildOrNull(element) ?? new FieldSet();

    /// <summary>The subtree below <paramref name="element"/>, or null when there is none (nothing allocated).</summary>
    internal FieldSet? ChildOrNull(PathElement element)
    {
        if (_children is null)
        {
            return null;
        }

        var at = IndexOfChild(_children, element);
        return at >= 0 ? _children[at].Value : null;
    }

    public FieldSet Union(FieldSet other)
    {
        if (other.HasNothing)
        {
            return this;
        }

        if (HasNothing)
        {
            return other;
        }

        var result = new FieldSet { _members = UnionOfMembers(_members, other._members) };
        if (_children is null || other._children is null)
        {
            // Only one side has children: its list is taken as it is (sets are not changed once built).
            result._children = _children ?? other._children;
            return result;
        }

        var children = new List<KeyValuePair<PathElement, FieldSet>>(Math.Max(_children.Count, other._children.Count));
        int i = 0, j = 0;
        while (i < _children.Count || j < other._children.Count)
        {
            var order = i == _children.Count ? 1 : j == other._children.Count ? -1 : _children[i].Key.CompareTo(other._children[j].Key);
            if (order == 0)
            {
                children.Add(new(_children[i].Key, _children[i].Value.Union(other._children[j].Value)));
                i++;
                j++;
            }
            else
            {
                children.Add(order < 0 ? _children[i++] : other._children[j++]);
            }
        }

        result._children = children;
        return result;
    }

    public FieldSet Difference(FieldSet other)
    {
        if (other.HasNothing)
        {
            return this;
        }

        var result = new FieldSet();
        CopyMembersInto(result, other, inOther: false);

        if (_children is not null)
        {
            foreach (var (element, child) in _children)
            {
                var rest = other.ChildOrNull(element) is { } otherChild ? child.Difference(otherChild) : child;
                result.AddChildIfNotEmpty(element, rest);
            }
        }

        return result;
    }

    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet();
        CopyMembersInto(result, other, inOther: true);

        if (_children is not null && other._children is not null)
        {
            foreach (var (element, child) in _children)
            {
                if (other.ChildOrNull(element) is { } otherChild)
                {
                    result.AddChildIfNotEmpty(element, child.Intersection(otherChild));
                }
            }
        }

        return result;
    }

    /// <summary>Adds to <paramref name="result"/> this set's members that are (or are not) members of <paramref name="other"/>.</summary>
    private void CopyMembersInto(FieldSet result, FieldSet other, bool inOther)
    {
        if (_members is null)
        {
            return;
        }

        foreach (var member in _members)
        {
            if (other.HasMember(member) == inOther)
            {
                // In order: appended at the end of the result's sorted list.
                result.AddMember(member);
            }
        }
    }

    /// <summary>
    /// <see cref="Difference"/> done to this set itself, for a set its builder still owns alone (no subtree shared
    /// with another set): nothing is copied. Children left empty stay, as empty sets, which every reader skips.
    /// </summary>
    internal void RemoveInPlace(FieldSet other)
    {
        ThrowIfFrozen();
        if (other._members is not null && _members is not null)
        {
            _members.RemoveAll(other.HasMember);
        }

        if (other._children is null || _children is null)
        {
            return;
        }

        foreach (var (element, child) in _children)
        {
            if (other.ChildOrNull(element) is { } otherChild)
            {
                child.RemoveInPlace(otherChild);
            }
        }
    }

    /// <summary>Paths of this set that are neither in <paramref name="other"/> nor below one of its members.</summary>
    public FieldSet RecursiveDifference(FieldSet other)
    {
        if (other.HasNothing)
        {
            return this;
        }

        var result = new FieldSet();
        CopyMembersInto(result, other, inOther: false);

        if (_children is not null)
        {
            foreach (var (element, child) in _children)
            {
                if (other.HasMember(element))
                {
                    continue;
                }

                var rest = other.ChildOrNull(element) is { } otherChild ? child.RecursiveDifference(otherChild) : child;
                result.AddChildIfNotEmpty(element, rest);
            }
        }

        return result;
    }

    /// <summary>All member paths: this level's members first, then each child in order.</summary>
    public IEnumerable<FieldPath> Paths() => PathsUnder([]);

    public override string ToString() => string.Join("\n", Paths());

    public bool SetEquals(FieldSet other) => Difference(other).IsEmpty && other.Difference(this).IsEmpty;

    /// <summary>
    /// Makes this set and everything below it read-only, for a set shared by reference beyond the write that built it
    /// (a cache): the set operations never change their inputs, and anything that would build it further throws
    /// instead of changing the set under its other holders.
    /// </summary>
    internal void Freeze()
    {
        _frozen = true;
        if (_children is null)
        {
            return;
        }

        foreach (var (_, child) in _children)
        {
            child.Freeze();
        }
    }

    internal bool IsFrozen => _frozen;

    private void ThrowIfFrozen()
    {
        if (_frozen)
        {
            throw new InvalidOperationException("a shared field set is read-only");
        }
    }

    internal FieldSet ChildOrAdd(PathElement element)
    {
        ThrowIfFrozen();
        _children ??= new();
        var at = IndexOfChild(_children, element);
        if (at >= 0)
        {
            return _children[at].Value;
        }

        var child = new FieldSet();
        _children.Insert(~at, new(element, child));
        return child;
    }

    internal void AddMember(PathElement element)
    {
        ThrowIfFrozen();
        _members ??= new();
        var at = IndexOfMember(_members, element);
        if (at < 0)
        {
            _members.Insert(~at, element);
        }
    }

    internal void AddChildIfNotEmpty(PathElement element, FieldSet child)
    {
        ThrowIfFrozen();
        if (child.IsEmpty)
        {
            return;
        }

        _children ??= new();
        var at = IndexOfChild(_children, element);
        if (at >= 0)
        {
            _children[at] = new(element, child);
        }
        else
        {
            _children.Insert(~at, new(element, child));
        }
    }

    /// <summary>The sorted union of two sorted member lists (one of them itself when the other is empty).</summary>
    private static List<PathElement>? UnionOfMembers(List<PathElement>? a, List<PathElement>? b)
    {
        if (a is not { Count: > 0 })
        {
            return b;
        }

        if (b is not { Count: > 0 })
        {
            return a;
        }

        var result = new List<PathElement>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            var order = i == a.Count ? 1 : j == b.Count ? -1 : a[i].CompareTo(b[j]);
            if (order <= 0)
            {
                result.Add(a[i++]);
                if (order == 0)
                {
                    j++;
                }
            }
            else
            {
                result.Add(b[j++]);
            }
        }

        return result;
    }

    private static int IndexOfMember(List<PathElement> members, PathElement element) => IndexOf<PathElement, MemberKey>(members, element);

    private static int IndexOfChild(List<KeyValuePair<PathElement, FieldSet>> children, PathElement element) =>
        IndexOf<KeyValuePair<PathElement, FieldSet>, ChildKey>(children, element);

    /// <summary>
    /// The element's index in a list sorted by <typeparamref name="TKey"/>, or the bitwise complement of where it
    /// belongs. The last place is looked at first: sets are mostly built in order (decoding, merging, copying
    /// members), so most additions go at the end.
    /// </summary>
    private static int IndexOf<T, TKey>(List<T> list, PathElement element)
        where TKey : struct, IKeyOf<T>
    {
        var hi = list.Count - 1;
        if (hi < 0)
        {
            return ~0;
        }

        var last = default(TKey).Of(list[hi]).CompareTo(element);
        if (last <= 0)
        {
            return last == 0 ? hi : ~list.Count;
        }

        var lo = 0;
        hi--;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var order = default(TKey).Of(list[mid]).CompareTo(element);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    /// <summary>The path element an item of a sorted list is ordered by (a struct, so the search is specialized per list).</summary>
    private interface IKeyOf<in T>
    {
        PathElement Of(T item);
    }

    private readonly struct MemberKey : IKeyOf<PathElement>
    {
        public PathElement Of(PathElement item) => item;
    }

    private readonly struct ChildKey : IKeyOf<KeyValuePair<PathElement, FieldSet>>
    {
        public PathElement Of(KeyValuePair<PathElement, FieldSet> item) => item.Key;
    }

    private IEnumerable<FieldPath> PathsUnder(List<PathElement> prefix)
    {
        foreach (var member in Members)
        {
            yield return new FieldPath([.. prefix, member]);
        }

        foreach (var (element, child) in Children)
        {
            prefix.Add(element);
            foreach (var path in child.PathsUnder(prefix))
            {
                yield return path;
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}
