using Wharf.Hosting.Runtime;

namespace Wharf.Cli;

/// <summary>
/// The tiering setting of the control-plane commands (<c>wharf server</c>, <c>wharf scheduler</c>), given through
/// <see cref="RuntimeReexec"/> because the runtime reads it only from the environment:
/// <c>DOTNET_TC_CallCountingDelayMs=0</c>. By default the runtime starts counting calls (and so re-jitting hot
/// precompiled code at tier 1) only after 100 ms without "startup-like activity" (a method jitted or precompiled code
/// loaded for the first time), and each such event pushes the 100 ms out again. A control plane under load keeps
/// meeting new methods for many seconds, so the re-jitting of its hot paths came in the middle of the work: the
/// tiered-compilation thread was 35 % of a fresh scheduler's samples in the SchedulingBasic window and 14 % of the
/// server's in the density wave after its warm-up (docs/PERFORMANCE.md, eleventh session). Without the delay the hot
/// paths are promoted as soon as they are hot. Measured on a quiet machine, alternating: SchedulingBasic backlog
/// 1,768 / 1,946 / 1,963 / 1,626 → 1,822 / 2,547 / 2,186 / 2,493 pods/s (scheduler CPU per pod 0.46–0.54 → 0.32–0.46 ms),
/// warm 1,809 / 1,703 → 1,881 / 2,216, density 470 → 562 pods/s (3.5 → 2.9 ms per pod); its price is paid at start:
/// cold start median 0.95 → 1.12 s and idle RSS +4–5 MB (more methods reach tier 1 while the server starts).
/// </summary>
internal static class ControlPlaneTiering
{
    internal static readonly IReadOnlyList<(string Variable, string Value)> Settings =
    [
        RuntimeReexec.NoCallCountingDelay,
    ];

    /// <summary>Returns only if no re-exec was needed or it failed (then the command runs with the runtime's default delay).</summary>
    public static void Apply() => RuntimeReexec.Ensure(Settings);
}
