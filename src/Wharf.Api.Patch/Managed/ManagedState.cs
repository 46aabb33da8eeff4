namespace Wharf.Api.Patch.Managed;

/// <summary>Decoded <c>metadata.managedFields</c>: each manager's fields and the time it last changed them.</summary>
internal sealed class ManagedState
{
    public Dictionary<ManagerKey, VersionedSet> Sets { get; } = new();

    public Dictionary<ManagerKey, string?> Times { get; } = new();

    public bool IsEmpty => Sets.Count == 0;
}
