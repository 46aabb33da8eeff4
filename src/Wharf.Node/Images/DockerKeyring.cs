namespace Wharf.Node.Images;

/// <summary>
/// kubelet's BasicDockerKeyring: credentials indexed by registry key (host, host/path; scheme and a /v1/ or /v2/
/// prefix dropped), looked up by an image's repository. A key matches when the ports are equal, the host has as many
/// dot-separated parts each matching as a glob (<c>*.example.com</c>), and the key's path is a prefix of the
/// repository's path. All matches are returned, most specific key first (reverse lexical order, as upstream), so
/// a pull can try each; with none, credentials for <c>index.docker.io</c> apply to Docker Hub images.
/// </summary>
public sealed class DockerKeyring
{
    private const string DefaultRegistryHost = "index.docker.io";

    private readonly Dictionary<string, List<DockerCredential>> _credentials = new(StringComparer.Ordinal);
    private string[] _index = [];

    public bool IsEmpty => _credentials.Count == 0;

    public void Add(IEnumerable<KeyValuePair<string, DockerCredential>> entries)
    {
        foreach (var (location, credential) in entries)
        {
            if (Key(location) is not { } key)
                continue;
            if (!_credentials.TryGetValue(key, out var list))
                _credentials[key] = list = [];
            list.Add(credential);
        }
        _index = _credentials.Keys.OrderDescending(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Credentials for an image reference (tag or digest allowed), in the order a pull should try them.</summary>
    public IReadOnlyList<DockerCredential> Lookup(string image)
    {
        var repository = ImageName.Repository(image);
        var result = new List<DockerCredential>();
        foreach (var key in _index)
        {
            if (Matches(key, repository))
                result.AddRange(_credentials[key]);
        }
        if (result.Count == 0 && ImageName.Registry(repository) == ImageName.DockerHub && _credentials.TryGetValue(DefaultRegistryHost, out var hub))
            result.AddRange(hub);
        return result;
    }

    /// <summary>
    /// The index key for a config entry's location, or null when it names no host. Split by hand as Go's url.Parse
    /// does (the authority kept as written, globs and an explicit default port included).
    /// </summary>
    internal static string? Key(string location)
    {
        var scheme = location.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme >= 0 ? location[(scheme + 3)..] : location;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return Compose(slash < 0 ? rest : rest[..slash], slash < 0 ? "" : rest[slash..]);
    }

    private static string? Compose(string host, string path)
    {
        if (host.Length == 0)
            return null;
        // docker login writes https://index.docker.io/v1/; /v1/ and /v2/ are the API, not part of the repository.
        if (path.StartsWith("/v2/", StringComparison.Ordinal) || path.StartsWith("/v1/", StringComparison.Ordinal))
            path = path[3..];
        return path.Length > 0 && path != "/" ? host + path : host;
    }

    /// <summary>Both are schemeless: <c>host[:port][/path]</c>.</summary>
    internal static bool Matches(string key, string repository)
    {
        var (keyHost, keyPort, keyPath) = Split(key);
        var (host, port, path) = Split(repository);
        if (keyPort != port || !path.StartsWith(keyPath, StringComparison.Ordinal))
            return false;
        var keyParts = keyHost.Split('.');
        var parts = host.Split('.');
        return keyParts.Length == parts.Length && keyParts.Zip(parts).All(p => Glob(p.First, p.Second));
    }

    private static (string Host, string Port, string Path) Split(string schemeless)
    {
        var slash = schemeless.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? schemeless : schemeless[..slash];
        var path = slash < 0 ? "" : schemeless[slash..];
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') ? (authority[..colon], authority[(colon + 1)..], path) : (authority, "", path);
    }

    /// <summary>Go's filepath.Match for one host label: <c>*</c> any run, <c>?</c> one character.</summary>
    internal static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
