namespace Wharf.Client.Rest;

/// <summary>One page of a typed list: its items, the list's resourceVersion and the continue token (null on the last page).</summary>
public sealed record ObjectList<T>(IReadOnlyList<T> Items, string? ResourceVersion, string? Continue)
    where T : class;
