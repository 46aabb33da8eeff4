using Microsoft.Extensions.Logging;
using Wharf.Node.Agent.Memory;

namespace Wharf.Cli;

/// <summary>
/// <c>wharf agent</c>'s <see cref="IdleMemoryTrimmer"/>: on unless <c>WHARF_AGENT_IDLE_TRIM=0</c> (kept so that the
/// next memory measurement can compare with and without it in the same build).
/// </summary>
internal static class AgentIdleTrim
{
    public static Task Start(ILoggerFactory loggers, CancellationToken ct) =>
        Environment.GetEnvironmentVariable("WHARF_AGENT_IDLE_TRIM") == "0"
            ? Task.CompletedTask
            : new IdleMemoryTrimmer(IdleTrimPolicy.Agent, loggers.CreateLogger("wharf.agent.memory")).RunAsync(ct);
}
