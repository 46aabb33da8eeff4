using System.Runtime.InteropServices;

namespace Wharf.Node.Agent.Memory;

/// <summary>
/// glibc's <c>malloc_trim</c>: returns the free pages of the C heap (the runtime's, the JIT's and OpenSSL's
/// allocations) to the OS, from the top of the heap and, since glibc 2.8, from free chunks inside it. Other C
/// libraries (musl) have no such call; there it does nothing.
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>True if glibc gave memory back.</summary>
    public static bool Trim()
    {
        if (_unavailable)
            return false;
        try
        {
            return MallocTrim(0) != 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

#pragma warning disable SYSLIB1054 // DllImport: LibraryImport needs unsafe code, which the project does not allow
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054
}
