namespace Wharf.Cli;

/// <summary>
/// <c>wharf agent</c> tells its libraries that no code is generated at run time
/// (<c>RuntimeFeature.IsDynamicCodeSupported</c> false), so they take the paths they take under Native AOT:
/// System.Text.Json reads and writes the KubernetesClient models through plain reflection instead of emitting
/// accessors, Regex interprets the patterns it was asked to compile (prometheus-net compiles its metric-name
/// patterns in a static constructor), dependency injection resolves by reflection. On by default since the eighth
/// session (docs/PERFORMANCE.md, "Agent memory (eighth session)"): with the idle trim, the idle agent measured 79 / 79
/// against 80 / 80 MB RSS (anon, file pages and JIT code each a little lower); the sixth session saw 2–3 MB less with
/// 30 pods running and no CPU difference per pod. <c>WHARF_AGENT_DYNAMIC_CODE=1</c> keeps dynamic code (the
/// runtime's default) for a comparison.
/// </summary>
internal static class AgentDynamicCode
{
    private const string Switch = "System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported";

    /// <summary>
    /// Must run before anything reads <c>RuntimeFeature.IsDynamicCodeSupported</c> (it is read once, into a static);
    /// returns what the runtime reports afterwards.
    /// </summary>
    public static bool Apply()
    {
        if (Environment.GetEnvironmentVariable("WHARF_AGENT_DYNAMIC_CODE") != "1")
            AppContext.SetSwitch(Switch, false);
        return System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;
    }
}
