namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>How the typed walkers treat a value: as one leaf, a granular map, or a granular (keyed/set) list.</summary>
internal enum ShapeKind
{
    Leaf,
    Map,
    List,
}
