namespace Wharf.Api.Patch.Managed;

/// <summary>Decoded <c>metadata.managedFields</c>: each manager's fields and the time it last changed them.</summary>
internal sealed class ManagedState
{
    public Dictionary<ManagerKey, VersionedSet> Sets { get; } = new();

    public Dictionary<ManagerKey, string?> Times { get; } = new();

    public bool IsEmpty => Sets.Count == 0;

    /// <summary>
    /// Adds a read entry with its decoded set (replacing one of the same manager, as upstream's decoding does); the
    /// set may be shared with other writes (see <see cref="DecodedFieldsCache"/>) and is never changed.
    /// </summary>
    /// <exception cref="PatchException">When the entry's fieldsV1 is not a valid set.</exception>
    public void Add(ManagedFieldsEntry entry, ManagerKey key)
    {
        var set = entry.FieldsV1 is null ? new FieldSet() : DecodedFieldsCache.Decode(entry.FieldsV1);
        Sets[key] = new VersionedSet(set, entry.ApiVersion, entry.Operation == ManagedFieldsOperation.Apply);
        Times[key] = entry.Time;
    }
}
