namespace Wharf.Node.Registries;

/// <summary>One <c>configs</c> entry: how to authenticate to and trust one registry or mirror host.</summary>
public sealed record RegistryHostConfig
{
    public RegistryAuth? Auth { get; init; }

    public RegistryTls? Tls { get; init; }
}
