using System.Runtime.InteropServices;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Sends signals to one process id. .NET's <c>Process.Kill</c> only sends SIGKILL; a graceful stop needs SIGTERM.
/// </summary>
internal static class UnixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0 && Marshal.GetLastPInvokeError() != 3 /* ESRCH: already gone */)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
