namespace Wharf.Api.Patch.Managed;

/// <summary>
/// A set of field paths stored as a trie (structured-merge-diff's fieldpath.Set): at each node, the members (paths
/// ending here) and the children (paths continuing). Set operations return new sets and never change their inputs.
/// A result may share whole subtrees with an input (a difference keeps what the other set does not touch as it
/// is): a set is only ever built up (<see cref="Insert(FieldPath)"/>, decoding) before it is handed to anyone, never
/// changed after, so sharing is safe and saves copying the large untouched parts of every manager's set.
/// </summary>
public sealed class FieldSet
{
    // Both made on first use: most nodes of a set are leaves' parents without children, or children without
    // members, and every managedFields computation builds a few sets (an empty sorted collection still costs its
    // objects, and enumerating one allocates a stack).
    private SortedSet<PathElement>? _members;
    private SortedDictionary<PathElement, FieldSet>? _children;

    public IEnumerable<PathElement> Members => _members ?? (IEnumerable<PathElement>)[];

    public IEnumerable<KeyValuePair<PathElement, FieldSet>> Children => _children ?? (IEnumerable<KeyValuePair<PathElement, FieldSet>>)[];

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

            foreach (var child in _children.Values)
            {
                if (!child.IsEmpty)
                {
                    return false;
                }
            }

            return true;
        }
    }

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
            if (node._children is null || !node._children.TryGetValue(path[i], out node!))
            {
                return false;
            }
        }

        return path.Count > 0 && node.HasMember(path[^1]);
    }

    public bool Has(FieldPath path) => Has(path.Elements);

    public bool HasMember(PathElement element) => _members?.Contains(element) == true;

    /// <summary>The subtree below <paramref name="element"/> (upstream's WithPrefix), empty when none.</summary>
    public FieldSet Child(PathElement element) => ChildOrNull(element) ?? new FieldSet();

    /// <summary>The subtree below <paramref name="element"/>, or null when there is none (nothing allocated).</summary>
    internal FieldSet? ChildOrNull(PathElement element) => _children?.GetValueOrDefault(element);

    public FieldSet Union(FieldSet other)
    {
        var result = Copy();
        result.UnionInPlace(other);
        return result;
    }

    public FieldSet Difference(FieldSet other)
    {
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

        if (_children is not null)
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
        if (other._members is not null && _members is not null)
        {
            _members.ExceptWith(other._members);
        }

        if (other._children is null || _children is null)
        {
            return;
        }

        foreach (var (element, child) in _children)
        {
            if (other._children.TryGetValue(element, out var otherChild))
            {
                child.RemoveInPlace(otherChild);
            }
        }
    }

    /// <summary>Paths of this set that are neither in <paramref name="other"/> nor below one of its members.</summary>
    public FieldSet RecursiveDifference(FieldSet other)
    {
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

    internal FieldSet ChildOrAdd(PathElement element)
    {
        _children ??= new();
        if (!_children.TryGetValue(element, out var child))
        {
            child = new FieldSet();
            _children[element] = child;
        }

        return child;
    }

    internal void AddMember(PathElement element) => (_members ??= new()).Add(element);

    internal void AddChildIfNotEmpty(PathElement element, FieldSet child)
    {
        if (!child.IsEmpty)
        {
            (_children ??= new())[element] = child;
        }
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

    private FieldSet Copy() => Union(new FieldSet(), this);

    private static FieldSet Union(FieldSet into, FieldSet from)
    {
        into.UnionInPlace(from);
        return into;
    }

    private void UnionInPlace(FieldSet other)
    {
        if (other._members is { Count: > 0 })
        {
            (_members ??= new()).UnionWith(other._members);
        }

        if (other._children is not null)
        {
            foreach (var (element, child) in other._children)
            {
                ChildOrAdd(element).UnionInPlace(child);
            }
        }
    }
}
