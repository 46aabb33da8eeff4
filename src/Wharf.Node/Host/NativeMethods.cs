using System.Runtime.InteropServices;

namespace Wharf.Node.Host;

/// <summary>The two libc calls .NET has no managed API for: a chosen signal by PID, and a lazy unmount.</summary>
internal static class NativeMethods
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    public const int MntDetach = 2;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", SetLastError = true, EntryPoint = "umount2")]
    public static extern int Umount2(string target, int flags);
}
