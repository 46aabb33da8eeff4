namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>Fields added, removed and modified between two versions of an object.</summary>
internal sealed class Comparison
{
    public FieldSet Added { get; init; } = new();

    public FieldSet Removed { get; init; } = new();

    public FieldSet Modified { get; init; } = new();

    /// <summary>The modified and added paths together (made once, after the comparison has filled both).</summary>
    public FieldSet Changed => _changed ??= Modified.Union(Added);

    private FieldSet? _changed;

    public bool IsSame => Added.IsEmpty && Removed.IsEmpty && Modified.IsEmpty;

    public Comparison Excluding(FieldSet? ignored) => ignored is null ? this : new Comparison
    {
        Added = Added.RecursiveDifference(ignored),
        Removed = Removed.RecursiveDifference(ignored),
        Modified = Modified.RecursiveDifference(ignored),
    };
}
