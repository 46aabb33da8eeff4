namespace Wharf.Node.Registries;

/// <summary>
/// Keeps containerd's hosts directory equal to what <see cref="HostsToml"/> rendered: each file replaced atomically
/// (containerd reads them at every pull), directories of registries no longer configured removed. The directory
/// belongs to the agent alone, under its data dir.
/// </summary>
public static class HostsDirectory
{
    public const string FileName = "hosts.toml";

    public static void Write(string root, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(root);
        foreach (var (host, text) in files)
        {
            var directory = Path.Combine(root, host);
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, FileName);
            if (File.Exists(path) && File.ReadAllText(path) == text)
                continue;
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        foreach (var stale in Directory.EnumerateDirectories(root).Where(d => !files.ContainsKey(Path.GetFileName(d))))
            Directory.Delete(stale, recursive: true);
    }
}
