namespace Wharf.Node.Registries;

/// <summary>TLS towards one host: extra CA, client certificate and key, or no verification at all.</summary>
public sealed record RegistryTls
{
    public string? CaFile { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public bool InsecureSkipVerify { get; init; }
}
