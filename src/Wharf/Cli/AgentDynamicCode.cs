namespace Wharf.Cli;

/// <summary>
/// Tells the libraries in <c>wharf agent</c> that no code is generated at run time
/// (<c>RuntimeFeature.IsDynamicCodeSupported</c> false), so they take the paths they take under Native AOT:
/// System.Text.Json reads and writes the KubernetesClient models through plain reflection instead of emitting an
/// accessor per property of every model type reachable from V1Pod and V1Node, Regex interprets the patterns it was
/// asked to compile (prometheus-net's label checks), dependency injection resolves by reflection. Emitted code and its
/// type data sit in the loader heaps for the life of the process; measured on an idle agent: −3 MB RSS, −3 MB
/// private (docs/PERFORMANCE.md, "Node agent (sixth session)"), at the price of slower (de)serialisation per object.
/// <c>WHARF_AGENT_DYNAMIC_CODE=1</c> keeps code generation on (to compare, or if a library misbehaves without it).
/// </summary>
internal static class AgentDynamicCode
{
    private const string Switch = "System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported";

    /// <summary>
    /// Must run before anything reads <c>RuntimeFeature.IsDynamicCodeSupported</c> (it is read once, into a static);
    /// returns what the runtime reports afterwards.
    /// </summary>
    public static bool Disable()
    {
        if (Environment.GetEnvironmentVariable("WHARF_AGENT_DYNAMIC_CODE") != "1")
            AppContext.SetSwitch(Switch, false);
        return System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;
    }
}
