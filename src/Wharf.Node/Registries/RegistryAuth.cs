namespace Wharf.Node.Registries;

/// <summary>Credentials for one host: username/password, a base64 <c>user:password</c> pair, or an identity token.</summary>
public sealed record RegistryAuth
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? Auth { get; init; }

    public string? IdentityToken { get; init; }
}
