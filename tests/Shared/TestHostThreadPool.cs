using System.Runtime.CompilerServices;

namespace Wharf.Tests.Shared;

/// <summary>
/// Gives the thread pool back the two workers the test host keeps blocked. The test platform's message loop waits in
/// <c>Socket.Poll</c> and xunit's assembly runner in a wait handle, both on pool threads, for the whole run. On a
/// 2-core machine the pool's minimum is 2, so whenever hill climbing settled at that count every queued continuation
/// waited for the starvation check to add a thread: pauses of 0.6–0.8 s with work queued and nothing completing, seen
/// in a storage burst test (its writes stalled while the WAL checkpointer ran on). Compiled into every test assembly.
/// </summary>
internal static class TestHostThreadPool
{
    private const int BlockedByTestHost = 2;

    [ModuleInitializer]
    internal static void ReserveWorkersForTheTestHost()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(workers + BlockedByTestHost, completionPorts);
    }
}
