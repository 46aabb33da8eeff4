namespace Wharf.Scheduler.Util;

/// <summary>
/// A (namespace, label key, label value) triple with its hash computed once. Topology spread looks the same triples
/// up in every node's label counts in every cycle; a tuple of strings hashed all three strings again per node.
/// </summary>
public readonly struct LabelCountKey : IEquatable<LabelCountKey>
{
    private readonly int _hash;

    public LabelCountKey(string ns, string key, string? value)
    {
        Namespace = ns;
        Key = key;
        Value = value;
        _hash = HashCode.Combine(ns, key, value);
    }

    public string Namespace { get; }

    public string Key { get; }

    public string? Value { get; }

    public bool Equals(LabelCountKey other) =>
        _hash == other._hash && string.Equals(Namespace, other.Namespace, StringComparison.Ordinal) &&
        string.Equals(Key, other.Key, StringComparison.Ordinal) && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is LabelCountKey other && Equals(other);

    public override int GetHashCode() => _hash;
}
