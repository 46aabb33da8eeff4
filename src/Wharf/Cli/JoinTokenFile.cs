using System.Security.Cryptography;
using Wharf.NodeJoin;

namespace Wharf.Cli;

/// <summary>The server's join token under its data dir: the secret is kept across restarts, the full token is written for agents.</summary>
internal static class JoinTokenFile
{
    public static string LoadOrCreateSecret(string dataDir)
    {
        var path = Path.Combine(dataDir, "token");
        if (File.Exists(path)) return JoinToken.Parse(File.ReadAllText(path).Trim()).Secret;
        return Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    }

    public static string Write(string dataDir, string caPem, string secret)
    {
        var path = Path.Combine(dataDir, "token");
        Directory.CreateDirectory(dataDir);
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, JoinToken.Full(caPem, secret) + "\n");
        return path;
    }
}
