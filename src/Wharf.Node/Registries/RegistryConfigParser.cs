using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wharf.Node.Registries;

/// <summary>
/// Reads registries.yaml as k3s does: <c>mirrors.HOST.endpoint</c> (list of URLs, https when no scheme is given),
/// <c>mirrors.HOST.rewrite</c>, <c>configs.HOST.auth</c> (username, password, auth, identity_token) and
/// <c>configs.HOST.tls</c> (ca_file, cert_file, key_file, insecure_skip_verify). Unknown keys are ignored, as k3s
/// ignores them; a value of the wrong shape is a <see cref="FormatException"/> naming its path.
/// </summary>
public static class RegistryConfigParser
{
    /// <summary>No path, or a file that does not exist (yet), is the empty config: containerd's defaults.</summary>
    public static RegistryConfig Load(string? path) =>
        path is { Length: > 0 } && File.Exists(path) ? Parse(File.ReadAllText(path)) : RegistryConfig.Empty;

    public static RegistryConfig Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"registries.yaml is not valid YAML: {e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return RegistryConfig.Empty;
        var root = Mapping(stream.Documents[0].RootNode, "");
        var mirrors = new Dictionary<string, RegistryMirror>(StringComparer.Ordinal);
        foreach (var (host, node) in Entries(root, "mirrors"))
            mirrors[RegistryHost(host, "mirrors", wildcard: true)] = ParseMirror(node, $"mirrors.{host}");
        var configs = new Dictionary<string, RegistryHostConfig>(StringComparer.Ordinal);
        foreach (var (host, node) in Entries(root, "configs"))
            configs[RegistryHost(host, "configs", wildcard: false)] = ParseHostConfig(node, $"configs.{host}");
        return new RegistryConfig { Mirrors = mirrors, Configs = configs };
    }

    /// <summary>An endpoint without a scheme is https, as in k3s.</summary>
    internal static Uri ParseEndpoint(string text, string path)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new FormatException($"registries.yaml: {path}: \"{text}\" is not an http or https URL");
        return uri;
    }

    /// <summary>A key names a host (with port) and becomes a directory name: nothing that could leave that directory.</summary>
    private static string RegistryHost(string key, string section, bool wildcard)
    {
        if (key.Length == 0 || key is "." or ".." || key.Contains('/') || key.Contains('\\') || key.Any(char.IsWhiteSpace) || (key.Contains('*') && !(wildcard && key == "*")))
            throw new FormatException($"registries.yaml: {section}: \"{key}\" is not a registry host");
        return key;
    }

    private static RegistryMirror ParseMirror(YamlNode node, string path)
    {
        var mapping = Mapping(node, path);
        var endpoints = new List<Uri>();
        if (Child(mapping, "endpoint") is { } list)
        {
            if (list is not YamlSequenceNode sequence)
                throw new FormatException($"registries.yaml: {path}.endpoint must be a list of URLs");
            for (var i = 0; i < sequence.Children.Count; i++)
                endpoints.Add(ParseEndpoint(Scalar(sequence.Children[i], $"{path}.endpoint[{i}]") ?? "", $"{path}.endpoint[{i}]"));
        }
        var rewrites = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (pattern, replacement) in Entries(mapping, "rewrite", path))
            rewrites[pattern] = Scalar(replacement, $"{path}.rewrite.{pattern}") ?? "";
        return new RegistryMirror { Endpoints = endpoints, Rewrites = rewrites };
    }

    private static RegistryHostConfig ParseHostConfig(YamlNode node, string path)
    {
        var mapping = Mapping(node, path);
        RegistryAuth? auth = null;
        if (Child(mapping, "auth") is { } authNode)
        {
            var a = Mapping(authNode, path + ".auth");
            auth = new RegistryAuth
            {
                Username = ScalarAt(a, "username", path + ".auth"),
                Password = ScalarAt(a, "password", path + ".auth"),
                Auth = ScalarAt(a, "auth", path + ".auth"),
                IdentityToken = ScalarAt(a, "identity_token", path + ".auth"),
            };
        }
        RegistryTls? tls = null;
        if (Child(mapping, "tls") is { } tlsNode)
        {
            var t = Mapping(tlsNode, path + ".tls");
            var skip = ScalarAt(t, "insecure_skip_verify", path + ".tls");
            tls = new RegistryTls
            {
                CaFile = ScalarAt(t, "ca_file", path + ".tls"),
                CertFile = ScalarAt(t, "cert_file", path + ".tls"),
                KeyFile = ScalarAt(t, "key_file", path + ".tls"),
                InsecureSkipVerify = skip is null ? false : bool.TryParse(skip, out var b) ? b
                    : throw new FormatException($"registries.yaml: {path}.tls.insecure_skip_verify must be true or false, not \"{skip}\""),
            };
            if ((tls.CertFile is null) != (tls.KeyFile is null))
                throw new FormatException($"registries.yaml: {path}.tls needs both cert_file and key_file");
        }
        return new RegistryHostConfig { Auth = auth, Tls = tls };
    }

    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode parent, string key, string parentPath = "")
    {
        if (Child(parent, key) is not { } node || node is YamlScalarNode { Value: null or "" })
            yield break;
        var path = parentPath.Length == 0 ? key : $"{parentPath}.{key}";
        foreach (var (k, v) in Mapping(node, path).Children)
            yield return (Scalar(k, path) ?? "", v);
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? ScalarAt(YamlMappingNode mapping, string key, string path) =>
        Child(mapping, key) is { } node ? Scalar(node, $"{path}.{key}") : null;

    private static YamlMappingNode Mapping(YamlNode node, string path) => node as YamlMappingNode
        ?? throw new FormatException($"registries.yaml: {(path.Length == 0 ? "the document" : path)} must be a mapping");

    private static string? Scalar(YamlNode node, string path) => node is YamlScalarNode scalar
        ? scalar.Value
        : throw new FormatException($"registries.yaml: {path} must be a single value");
}
