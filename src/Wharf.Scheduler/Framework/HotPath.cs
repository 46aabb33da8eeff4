using System.Runtime.CompilerServices;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// <c>[MethodImpl(HotPath.Options)]</c> marks the code that runs once per node of every cycle (the Filter and Score
/// loops, the plugins' per-node Filter and Score, cycle-state reads). Such methods are compiled optimised on their
/// first call instead of starting from the ReadyToRun image: ReadyToRun code cannot inline the KubernetesClient
/// model getters or the framework's collections (other version bubbles), and its re-jit waits for the runtime's
/// call counting, which a process busy from its first second delays. The warm profile of a full-size backlog
/// (docs/PERFORMANCE.md, ninth session) still had the Filter loop in ReadyToRun code 3–8 s after /readyz, with the
/// JIT at ~18 % of the samples. The cost is the per-call tiering (no PGO) on a few dozen small methods.
/// </summary>
internal static class HotPath
{
    public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
}
