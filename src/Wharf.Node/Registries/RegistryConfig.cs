namespace Wharf.Node.Registries;

/// <summary>
/// The node's registries.yaml (k3s' format): per registry host, mirror endpoints to try before it, and per endpoint
/// host, credentials and TLS settings. The empty config leaves containerd's defaults in place.
/// </summary>
public sealed record RegistryConfig
{
    public static RegistryConfig Empty { get; } = new();

    /// <summary>Keyed by the registry host as written in image names (<c>docker.io</c>, <c>host:5000</c>), or <c>*</c> for all.</summary>
    public IReadOnlyDictionary<string, RegistryMirror> Mirrors { get; init; } = new Dictionary<string, RegistryMirror>(StringComparer.Ordinal);

    /// <summary>Keyed by the host (with port) of a registry or mirror endpoint.</summary>
    public IReadOnlyDictionary<string, RegistryHostConfig> Configs { get; init; } = new Dictionary<string, RegistryHostConfig>(StringComparer.Ordinal);

    public bool IsEmpty => Mirrors.Count == 0 && Configs.Count == 0;
}
