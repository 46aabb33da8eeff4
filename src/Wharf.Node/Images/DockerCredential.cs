namespace Wharf.Node.Images;

/// <summary>One credential from a docker config: what goes into CRI's AuthConfig for a pull.</summary>
public sealed record DockerCredential(string Username, string Password, string? IdentityToken = null);
