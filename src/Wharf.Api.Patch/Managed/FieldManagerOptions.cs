namespace Wharf.Api.Patch.Managed;

/// <summary>Per-kind (and per-subresource) settings of a <see cref="FieldManager"/>.</summary>
public sealed class FieldManagerOptions
{
    /// <summary>
    /// Fields neither tracked nor conflicting (upstream's reset fields), e.g. <c>status</c> on the main resource
    /// or <c>spec</c> on <c>/status</c>. A member path covers everything below it.
    /// </summary>
    public FieldSet? IgnoredFields { get; init; }

    /// <summary>Update managers kept before the oldest are folded into <c>ancient-changes</c>.</summary>
    public int MaxUpdateManagers { get; init; } = 10;

    /// <summary>
    /// Whether an update writes the entries it cannot change back as they were read instead of decoding and encoding
    /// every entry (the same result; false gives the reference path that tests pin the shortcut to).
    /// </summary>
    public bool KeepUntouchedEntries { get; init; } = true;
}
