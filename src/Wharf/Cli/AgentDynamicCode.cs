namespace Wharf.Cli;

/// <summary>
/// <c>WHARF_AGENT_DYNAMIC_CODE=0</c> tells the libraries in <c>wharf agent</c> that no code is generated at run time
/// (<c>RuntimeFeature.IsDynamicCodeSupported</c> false), so they take the paths they take under Native AOT:
/// System.Text.Json reads and writes the KubernetesClient models through plain reflection instead of emitting
/// accessors, Regex interprets the patterns it was asked to compile, dependency injection resolves by reflection.
/// Off by default: measured (docs/PERFORMANCE.md, "Node agent (sixth session)") it saved 2–3 MB with 30 pods running
/// but cost 2 MB on an idle agent, and no CPU difference per pod showed; the switch stays for the next measurement
/// (for instance together with a ReadyToRun build, where emitted code is the larger share of what is generated).
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
        if (Environment.GetEnvironmentVariable("WHARF_AGENT_DYNAMIC_CODE") == "0")
            AppContext.SetSwitch(Switch, false);
        return System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;
    }
}
