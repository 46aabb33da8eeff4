using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Wharf.Client.Rest;

/// <summary>
/// Reads a kubeconfig file (YAML or JSON) into a <see cref="ClientConfig"/>: the current (or named) context's cluster
/// server and CA (inline data or file), and its user's client certificate/key (inline or files) or token (inline or file).
/// </summary>
public static class Kubeconfig
{
    public static ClientConfig Load(string path, string? context = null)
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return Parse(File.ReadAllText(path), context, baseDir);
    }

    public static ClientConfig Parse(string text, string? context = null, string baseDirectory = ".")
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(text)) yaml.Load(reader);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException("kubeconfig is empty");

        var contextName = context ?? Scalar(root, "current-context")
            ?? throw new InvalidDataException("kubeconfig has no current-context");
        var ctx = Named(root, "contexts", contextName, "context")
            ?? throw new InvalidDataException($"context \"{contextName}\" not found in kubeconfig");
        var clusterName = Scalar(ctx, "cluster") ?? throw new InvalidDataException($"context \"{contextName}\" names no cluster");
        var cluster = Named(root, "clusters", clusterName, "cluster")
            ?? throw new InvalidDataException($"cluster \"{clusterName}\" not found in kubeconfig");
        var userName = Scalar(ctx, "user");
        var user = userName is null ? null : Named(root, "users", userName, "user");

        string? Read(YamlMappingNode? node, string dataKey, string fileKey)
        {
            if (node is null) return null;
            if (Scalar(node, dataKey) is { } data) return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            if (Scalar(node, fileKey) is { } file) return File.ReadAllText(Path.Combine(baseDirectory, file));
            return null;
        }

        var caPem = Read(cluster, "certificate-authority-data", "certificate-authority");
        var certPem = Read(user, "client-certificate-data", "client-certificate");
        var keyPem = Read(user, "client-key-data", "client-key");
        var token = user is null ? null : Scalar(user, "token")
            ?? (Scalar(user, "tokenFile") is { } tokenFile ? File.ReadAllText(Path.Combine(baseDirectory, tokenFile)).Trim() : null);

        return new ClientConfig
        {
            Server = new Uri(Scalar(cluster, "server") ?? throw new InvalidDataException($"cluster \"{clusterName}\" has no server")),
            CertificateAuthority = caPem is null ? null : X509Certificate2.CreateFromPem(caPem),
            ClientCertificate = certPem is not null && keyPem is not null ? X509Certificate2.CreateFromPem(certPem, keyPem) : null,
            BearerToken = token,
            InsecureSkipTlsVerify = Scalar(cluster, "insecure-skip-tls-verify") == "true",
        };
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } s } ? s : null;

    /// <summary>Finds <c>list[name == name][inner]</c>, the shape of clusters, contexts and users.</summary>
    private static YamlMappingNode? Named(YamlMappingNode root, string list, string name, string inner)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var items) || items is not YamlSequenceNode sequence)
            return null;
        foreach (var item in sequence.OfType<YamlMappingNode>())
        {
            if (Scalar(item, "name") == name && item.Children.TryGetValue(new YamlScalarNode(inner), out var body))
                return body as YamlMappingNode;
        }
        return null;
    }
}
