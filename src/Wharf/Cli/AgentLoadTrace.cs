namespace Wharf.Cli;

/// <summary>
/// <c>WHARF_AGENT_LOAD_TRACE=FILE</c>: appends each assembly the agent loads to FILE with the call stack that loaded
/// it, for an inventory of what the agent maps and why (which code path pulls in a library) without a profiler.
/// </summary>
internal static class AgentLoadTrace
{
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable("WHARF_AGENT_LOAD_TRACE") is not { Length: > 0 } path)
            return;
        var gate = new Lock();
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
        {
            lock (gate)
                File.AppendAllText(path, $"assembly load: {e.LoadedAssembly.GetName().Name}\n{Environment.StackTrace}\n");
        };
    }
}
