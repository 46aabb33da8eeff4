using System.Collections;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Wharf.Cli;

/// <summary>
/// The node agent runs with the workstation GC. The one <c>wharf</c> binary's runtimeconfig asks for the server GC,
/// which suits the API server (throughput, a heap per core) but costs an idle agent tens of MB it does not need:
/// the agent allocates little and is not latency-bound on the GC. The GC mode is fixed when the runtime starts and
/// no AppContext or GCSettings switch changes it later, so <c>wharf agent</c> replaces itself once, early, with
/// the same program and arguments and <c>DOTNET_gcServer=0</c> in its environment (execve: same PID, same open
/// standard streams, nothing else has started yet). Setting <c>DOTNET_gcServer</c> yourself (1 keeps the server
/// GC) skips this.
/// </summary>
internal static class AgentGcMode
{
    private const string Variable = "DOTNET_gcServer";

    [DllImport("libc", SetLastError = true, EntryPoint = "execve")]
    private static extern int Execve(string path, string?[] argv, string?[] envp);

    /// <summary>Returns only if no re-exec was needed or it failed (then the agent simply runs with the server GC).</summary>
    public static void UseWorkstationGc()
    {
        if (!OperatingSystem.IsLinux() || !GCSettings.IsServerGC || Environment.GetEnvironmentVariable(Variable) is not null)
            return;
        string[] arguments;
        try
        {
            // The exact argv this process got (dotnet wharf.dll agent … or the apphost's wharf agent …).
            arguments = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return;
        }
        RemoveDiagnosticsSocket();
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"{Variable}=0");
        Execve("/proc/self/exe", [.. arguments, null], [.. environment, null]);
    }

    /// <summary>
    /// This runtime's diagnostics socket (dotnet-counters, dotnet-gcdump connect to it by PID): the next runtime in
    /// this same process opens its own under the same name, and a stale one left behind would be found first.
    /// </summary>
    private static void RemoveDiagnosticsSocket()
    {
        var folder = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        try
        {
            foreach (var socket in Directory.EnumerateFiles(folder, $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
                File.Delete(socket);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
