using System.IO.Enumeration;

namespace Wharf.Node.Agent.Stats;

/// <summary>
/// Bytes and inodes under a folder (a volume, a pod's logs), walked without following symlinks so a
/// hostPath-like link cannot make the agent count the whole host. Files that vanish during the walk are skipped.
/// </summary>
internal static class DiskUsage
{
    public static FsStats? Of(string directory, DateTimeOffset time)
    {
        if (!Directory.Exists(directory))
            return null;
        ulong bytes = 0, inodes = 1;
        var walk = new FileSystemEnumerable<long>(directory, (ref FileSystemEntry e) => e.IsDirectory ? 0 : e.Length,
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint });
        try
        {
            foreach (var length in walk)
            {
                bytes += (ulong)length;
                inodes++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var fs = FilesystemInfo.Of(directory, time);
        return new FsStats(time, bytes, fs?.CapacityBytes, fs?.AvailableBytes, fs?.Inodes, fs?.InodesFree, inodes);
    }
}
