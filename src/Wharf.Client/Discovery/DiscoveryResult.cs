namespace Wharf.Client.Discovery;

/// <summary>
/// What discovery found; <see cref="FailedGroups"/> (group/version → error) lists what it could not read, as
/// client-go's ErrGroupDiscoveryFailed does, while the rest is still usable.
/// </summary>
public sealed record DiscoveryResult(IReadOnlyList<DiscoveredResource> Resources, IReadOnlyDictionary<string, string> FailedGroups)
{
    public bool Complete => FailedGroups.Count == 0;

    /// <summary>client-go's wording of a partial discovery failure.</summary>
    public string FailureMessage => "unable to retrieve the complete list of server APIs: " +
        string.Join(", ", FailedGroups.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}"));
}
