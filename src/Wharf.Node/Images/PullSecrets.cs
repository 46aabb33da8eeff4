namespace Wharf.Node.Images;

/// <summary>A pod's pull credentials: the keyring built from its readable secrets, and the secrets that could not be used.</summary>
public sealed record PullSecrets(DockerKeyring Keyring, IReadOnlyList<string> Unavailable);
