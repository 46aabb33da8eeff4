using System.Runtime.InteropServices;

namespace Wharf.Bench.Processes;

/// <summary>Sends a signal to one process id. <c>Process.Kill</c> only sends SIGKILL; a graceful stop needs SIGTERM.</summary>
internal static class UnixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    public const int SigStop = 19;
    public const int SigCont = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>False when the process is already gone (ESRCH).</summary>
    public static bool Send(int pid, int signal)
    {
        if (Kill(pid, signal) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        return errno == 3 ? false : throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {errno}");
    }
}
