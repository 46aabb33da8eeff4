using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Last line of defence: when the test host exits without disposing its fixtures (crash, Ctrl+C), kill the servers
/// this process started, by their own handles, so no orphan keeps a port and a data dir busy.
/// </summary>
internal static class ChildProcessReaper
{
    private static readonly ConcurrentDictionary<int, Process> Children = new();

    static ChildProcessReaper()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Track(Process process)
    {
        Children[process.Id] = process;
        process.Exited += (_, _) => Children.TryRemove(process.Id, out Process? _);
        process.EnableRaisingEvents = true;
    }

    private static void KillAll()
    {
        foreach (var process in Children.Values)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }
}
