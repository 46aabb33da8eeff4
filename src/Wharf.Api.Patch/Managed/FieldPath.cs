namespace Wharf.Api.Patch.Managed;

/// <summary>A path from the object root, e.g. <c>.spec.template.spec.containers[name="c1"].image</c>.</summary>
public sealed class FieldPath : IEquatable<FieldPath>
{
    public FieldPath(IEnumerable<PathElement> elements)
    {
        Elements = elements.ToArray();
    }

    public IReadOnlyList<PathElement> Elements { get; }

    /// <summary>A path of plain field names, e.g. <c>FieldPath.Of("spec", "replicas")</c>.</summary>
    public static FieldPath Of(params string[] fieldNames) => new(fieldNames.Select(PathElement.Field));

    public override string ToString() => string.Concat(Elements.Select(e => e.ToString()));

    public bool Equals(FieldPath? other) => other is not null && Elements.SequenceEqual(other.Elements);

    public override bool Equals(object? obj) => Equals(obj as FieldPath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var element in Elements)
        {
            hash.Add(element);
        }

        return hash.ToHashCode();
    }
}
