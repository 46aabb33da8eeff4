namespace Wharf.Node.Images;

/// <summary>
/// An image reference reduced to the repository kubelet looks credentials up by: registry host first (docker.io
/// when the first segment is no host), <c>library/</c> for docker.io's one-segment names, tag and digest removed.
/// </summary>
public static class ImageName
{
    public const string DockerHub = "docker.io";

    public static string Repository(string image)
    {
        var name = image;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
            name = name[..at];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
            name = name[..colon];
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            return $"{DockerHub}/library/{name}";
        var first = name[..slash];
        if (!IsHost(first))
            return $"{DockerHub}/{name}";
        if (first == "index.docker.io")
            name = DockerHub + name[slash..];
        return name.StartsWith(DockerHub + "/", StringComparison.Ordinal) && name.IndexOf('/', DockerHub.Length + 1) < 0
            ? $"{DockerHub}/library/{name[(DockerHub.Length + 1)..]}"
            : name;
    }

    /// <summary>The registry host of a normalized repository (<c>host[:port]</c>).</summary>
    public static string Registry(string repository) => repository[..repository.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>Docker's rule: a first segment with a dot or a port, or <c>localhost</c>, names a registry.</summary>
    private static bool IsHost(string segment) =>
        segment.Contains('.', StringComparison.Ordinal) || segment.Contains(':', StringComparison.Ordinal) || segment == "localhost";
}
