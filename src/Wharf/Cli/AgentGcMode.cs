using Wharf.Hosting.Runtime;

namespace Wharf.Cli;

/// <summary>
/// The node agent's runtime settings, which differ from the server's (the one <c>wharf</c> binary's runtimeconfig
/// is the server's), given through <see cref="RuntimeReexec"/>: a setting already in the environment is left as it
/// is (<c>DOTNET_gcServer=1</c> keeps the server GC). Measured on an idle agent (docs/PERFORMANCE.md, "Node agent
/// (fifth session)"):
/// <list type="bullet">
/// <item><c>DOTNET_gcServer=0</c>, the workstation GC: the agent allocates little and is not latency-bound on the
/// GC; the server GC's heaps cost it 15–35 MB with pods running.</item>
/// <item><c>DOTNET_TieredPGO=0</c>: no instrumented tier between tier 0 and tier 1, so hot methods are compiled twice
/// instead of three times; 3–5 MB less JIT code and type data idle, no slower start. The optimized code lacks
/// profile-guided layout, which the agent (waiting on containerd and the API most of the time) does not notice.</item>
/// <item><c>MALLOC_ARENA_MAX=1</c> (glibc, read when the process image starts): one malloc arena instead of one per
/// thread that ever called malloc (the runtime, the JIT, OpenSSL). Each extra arena kept pages that had been freed:
/// 3–4 MB RSS and private memory of an idle agent (sixth session). The agent's native allocations are few (its
/// objects live on the GC heap), so the shared arena's lock is not contended; containerd, a Go program started by
/// the agent, inherits the variable and ignores it.</item>
/// <item><c>DOTNET_TieredCompilation=0</c>: the server's runtimeconfig keeps tiering on (without tier 0) so that hot
/// framework code is re-jitted; the agent, mostly waiting on containerd and the API, gains little from that and pays
/// for the re-jitting: with the Wharf assemblies precompiled (ReadyToRun), tiering off gave an idle agent 86 against
/// 91 MB RSS and 0.4 against 1.7 s of CPU per minute (seventh session, same quiet machine).</item>
/// </list>
/// Deliberately not set: <c>DOTNET_EnableWriteXorExecute=0</c> moves the JIT's code from the double mapping into
/// anonymous memory without lowering RSS (measured), and would give up W^X, which keeps every page of generated code
/// from being writable and executable at once (a hardening against code injection);
/// <c>DOTNET_gcConcurrent=0</c> (no background GC) made no difference on top of the single arena.
/// </summary>
internal static class AgentGcMode
{
    internal static readonly IReadOnlyList<(string Variable, string Value)> Settings =
    [
        ("DOTNET_gcServer", "0"),
        ("DOTNET_TieredPGO", "0"),
        ("DOTNET_TieredCompilation", "0"),
        ("MALLOC_ARENA_MAX", "1"),
    ];

    /// <summary>Returns only if no re-exec was needed or it failed (then the agent simply runs with the server's settings).</summary>
    public static void ApplyAgentSettings() => RuntimeReexec.Ensure(Settings);
}
