namespace Wharf.Api.Patch.Schema;

/// <summary>Server-side-apply list semantics (<c>x-kubernetes-list-type</c>, or what upstream derives from the patch strategy).</summary>
public enum ListType
{
    /// <summary>Replaced as a whole; one owner.</summary>
    Atomic,

    /// <summary>Scalars merged as a set; each value owned separately (<c>v:</c> path elements).</summary>
    Set,

    /// <summary>Objects keyed by <see cref="SchemaNode.ListMapKeys"/> (<c>k:</c> path elements).</summary>
    Map,
}
