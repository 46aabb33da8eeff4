namespace Wharf.Node.Registries;

/// <summary>One <c>mirrors</c> entry: endpoints tried in order (the registry itself stays the last resort), and rewrites.</summary>
public sealed record RegistryMirror
{
    public IReadOnlyList<Uri> Endpoints { get; init; } = [];

    /// <summary>Repository regex → replacement. Parsed for compatibility; Debian's containerd 1.6 cannot apply them.</summary>
    public IReadOnlyDictionary<string, string> Rewrites { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
