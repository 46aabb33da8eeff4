using System.Runtime.InteropServices;

namespace Wharf.Node.Agent.Stats;

/// <summary>Capacity, free space and inodes of the filesystem holding a path (statvfs), which DriveInfo does not give.</summary>
internal static class FilesystemInfo
{
    public static FsStats? Of(string path, DateTimeOffset time)
    {
        if (statvfs(path, out var s) != 0)
            return null;
        var block = s.FragmentSize != 0 ? s.FragmentSize : s.BlockSize;
        var capacity = s.Blocks * block;
        return new FsStats(time, capacity - s.FreeBlocks * block, capacity, s.AvailableBlocks * block, s.Files, s.FreeFiles,
            s.Files >= s.FreeFiles ? s.Files - s.FreeFiles : 0);
    }

    /// <summary>struct statvfs of glibc on 64-bit Linux: every field is 64 bits wide.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct StatVfs
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public ulong AvailableFiles;
        public ulong FsId;
        public ulong Flags;
        public ulong NameMax;
        private readonly ulong _spare0, _spare1, _spare2;
    }

    [DllImport("libc", SetLastError = true, EntryPoint = "statvfs")]
    private static extern int statvfs([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out StatVfs buffer);
}
