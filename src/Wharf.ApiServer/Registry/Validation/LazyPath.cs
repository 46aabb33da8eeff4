namespace Wharf.ApiServer.Registry.Validation;

/// <summary>
/// A list item's field path (<c>list[3]</c>) built only when an error names it: validation runs on every write and a
/// valid object should not pay for paths nobody reads. Interpolating it (<c>$"{at}.key"</c>) builds the string.
/// </summary>
public readonly struct LazyPath(string list, int index)
{
    public override string ToString() => $"{list}[{index}]";
}
