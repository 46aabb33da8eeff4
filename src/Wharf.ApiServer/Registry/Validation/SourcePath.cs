namespace Wharf.ApiServer.Registry.Validation;

/// <summary>A child field of a lazily built list item path (<c>volumes[0].secret</c>), itself built only when printed.</summary>
public readonly struct SourcePath(LazyPath item, string child)
{
    public override string ToString() => $"{item}.{child}";
}
