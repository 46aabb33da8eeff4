using System.Runtime.InteropServices;

namespace Wharf.Node.Agent.Volumes;

/// <summary>tmpfs mounts for memory-backed volumes (secrets, tokens, emptyDir medium Memory) via mount(2).</summary>
internal static class Tmpfs
{
    private const int MntDetach = 2;

    [DllImport("libc", SetLastError = true, EntryPoint = "mount")]
    private static extern int Mount(string source, string target, string fileSystemType, ulong flags, string data);

    [DllImport("libc", SetLastError = true, EntryPoint = "umount2")]
    private static extern int Umount2(string target, int flags);

    public static bool IsMounted(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return File.ReadLines("/proc/self/mountinfo").Any(l => l.Split(' ') is { Length: > 4 } f && f[4] == full);
    }

    /// <summary>Mounts a tmpfs on <paramref name="path"/> unless one is there; 0 = the kernel's default size.</summary>
    public static void Ensure(string path, long sizeBytes)
    {
        Directory.CreateDirectory(path);
        if (IsMounted(path))
            return;
        var data = sizeBytes > 0 ? $"mode=0755,size={sizeBytes}" : "mode=0755";
        if (Mount("tmpfs", path, "tmpfs", 0, data) != 0)
            throw new IOException($"mount tmpfs on {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static void Unmount(string path)
    {
        if (IsMounted(path))
            Umount2(path, MntDetach);
    }
}
