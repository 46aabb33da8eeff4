namespace Wharf.Api.Schema.Validation;

/// <summary>
/// The path to the field being checked, kept as segments and spelled (as <see cref="FieldPath"/> does) only when
/// a finding needs it: a body without findings builds no path strings.
/// </summary>
internal sealed class FieldPathStack
{
    private readonly List<(string? Name, int Index)> _segments = [];

    public void Push(string name) => _segments.Add((name, 0));

    public void Push(int index) => _segments.Add((null, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    /// <summary>The path of <paramref name="child"/> below the current field.</summary>
    public string Child(string child) => FieldPath.Child(Current(), child);

    private string Current()
    {
        var path = "";
        foreach (var (name, index) in _segments)
            path = name is null ? FieldPath.Index(path, index) : FieldPath.Child(path, name);
        return path;
    }
}
