using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.NodeJoin;

/// <summary>Reads and writes certificate/key pairs as PEM files with owner-only permissions on keys.</summary>
public static class PemFiles
{
    public static void Write(X509Certificate2 cert, string certPath, string keyPath)
    {
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        var key = cert.GetECDsaPrivateKey() ?? throw new InvalidOperationException("certificate has no ECDSA private key");
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public static X509Certificate2 Read(string certPath, string keyPath) =>
        X509Certificate2.CreateFromPemFile(certPath, keyPath);

    public static void WritePrivate(string path, string content)
    {
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, content);
    }
}
