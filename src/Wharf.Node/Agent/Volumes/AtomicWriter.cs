using System.Runtime.InteropServices;

namespace Wharf.Node.Agent.Volumes;

/// <summary>
/// Writes a volume's files the way kubelet's atomic writer does, so a reader never sees half an update: the files go
/// into a fresh timestamped folder, the <c>..data</c> symlink is swapped to it with a rename, and each top-level
/// name is a symlink through <c>..data</c>.
/// </summary>
internal static partial class AtomicWriter
{
    private const string DataLink = "..data";

    [DllImport("libc", SetLastError = true, EntryPoint = "rename")]
    private static extern int Rename(string oldPath, string newPath);

    public sealed record FileEntry(byte[] Content, int Mode);

    /// <summary>Writes the payload (relative path → content) unless it is already what is there; returns whether it wrote.</summary>
    public static bool Write(string directory, IReadOnlyDictionary<string, FileEntry> payload)
    {
        Directory.CreateDirectory(directory);
        var current = Path.Combine(directory, DataLink);
        if (Directory.Exists(current) && Matches(current, payload))
            return false;

        var version = Path.Combine(directory, $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss.fffffff}");
        Directory.CreateDirectory(version);
        foreach (var (relative, entry) in payload)
        {
            var path = Path.Combine(version, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, entry.Content);
            File.SetUnixFileMode(path, (UnixFileMode)entry.Mode);
        }
        var old = new FileInfo(current).LinkTarget is { } target ? Path.Combine(directory, target) : null;
        var temporary = Path.Combine(directory, "..data_tmp");
        if (new FileInfo(temporary).LinkTarget is not null)
            File.Delete(temporary);
        File.CreateSymbolicLink(temporary, Path.GetFileName(version));
        // rename(2) replaces the old link atomically; File.Move refuses a symlink to a directory.
        if (Rename(temporary, current) != 0)
            throw new IOException($"rename {temporary} to {current} failed: errno {Marshal.GetLastPInvokeError()}");

        var topLevel = payload.Keys.Select(k => k.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var name in topLevel)
        {
            var link = Path.Combine(directory, name);
            if (new FileInfo(link).LinkTarget is null)
                File.CreateSymbolicLink(link, Path.Combine(DataLink, name));
        }
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (!entry.Name.StartsWith("..", StringComparison.Ordinal) && entry.LinkTarget is not null && !topLevel.Contains(entry.Name))
                entry.Delete();
        }
        if (old is not null && Directory.Exists(old) && Path.GetFullPath(old) != Path.GetFullPath(version))
            Directory.Delete(old, recursive: true);
        return true;
    }

    private static bool Matches(string current, IReadOnlyDictionary<string, FileEntry> payload)
    {
        var existing = Directory.GetFiles(current, "*", SearchOption.AllDirectories);
        if (existing.Length != payload.Count)
            return false;
        foreach (var (relative, entry) in payload)
        {
            var path = Path.Combine(current, relative);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(entry.Content))
                return false;
        }
        return true;
    }
}
