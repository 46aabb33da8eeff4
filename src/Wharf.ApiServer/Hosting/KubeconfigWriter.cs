using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wharf.ApiServer.Hosting;

/// <summary>Writes the admin kubeconfig (cluster, user and context all named <c>default</c>, as k3s does).</summary>
public static class KubeconfigWriter
{
    public static void Write(string path, string serverUrl, X509Certificate2 ca, X509Certificate2 client, UnixFileMode mode)
    {
        static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        var key = client.GetECDsaPrivateKey()!.ExportECPrivateKeyPem();
        var yaml = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: {{B64(ca.ExportCertificatePem())}}
                server: {{serverUrl}}
              name: default
            contexts:
            - context:
                cluster: default
                user: default
              name: default
            current-context: default
            preferences: {}
            users:
            - name: default
              user:
                client-certificate-data: {{B64(client.ExportCertificatePem())}}
                client-key-data: {{B64(key)}}

            """;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        File.WriteAllText(temp, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, mode);
        File.WriteAllText(temp, yaml);
        File.Move(temp, path, overwrite: true);
    }
}
