using System.Collections;
using System.Runtime.InteropServices;

namespace Wharf.Hosting.Runtime;

/// <summary>
/// Runtime settings that only the environment can give (the one <c>wharf</c> binary has one runtimeconfig, and these
/// are read once, when the runtime starts; no AppContext or GCSettings switch changes them later; the benchmark uses
/// it too, for the same tiering setting as the control plane): a command replaces
/// itself once, early, with the same program and arguments and the settings added to its environment (execve: same
/// PID, same open standard streams, nothing else has started yet). A setting already in the environment is left as it
/// is, so a user's own value wins; once all are there, nothing is re-executed.
/// </summary>
public static class RuntimeReexec
{
    /// <summary>
    /// Call counting (and so re-jitting hot precompiled code at tier 1) from the start instead of after 100 ms without
    /// startup-like activity, which a process busy from its first second never has (see Wharf.Cli.ControlPlaneTiering).
    /// </summary>
    public static readonly (string Variable, string Value) NoCallCountingDelay = ("DOTNET_TC_CallCountingDelayMs", "0");

    [DllImport("libc", SetLastError = true, EntryPoint = "execve")]
    private static extern int Execve(string path, string?[] argv, string?[] envp);

    /// <summary>Returns only if no re-exec was needed or it failed (then the command simply runs with the runtimeconfig's settings).</summary>
    public static void Ensure(IReadOnlyList<(string Variable, string Value)> settings)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var current = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var missing = Missing(settings, current);
        if (missing.Count == 0)
            return;
        string[] arguments;
        try
        {
            // The exact argv this process got (dotnet wharf.dll server … or the apphost's wharf server …).
            arguments = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return;
        }
        RemoveDiagnosticsSocket();
        var environment = current.Select(e => $"{e.Key}={e.Value}").Concat(missing.Select(s => $"{s.Variable}={s.Value}"));
        Execve("/proc/self/exe", [.. arguments, null], [.. environment, null]);
    }

    /// <summary>The settings whose variable <paramref name="environment"/> does not have yet.</summary>
    public static IReadOnlyList<(string Variable, string Value)> Missing(
        IReadOnlyList<(string Variable, string Value)> settings, IReadOnlyDictionary<string, string?> environment) =>
        settings.Where(s => !environment.ContainsKey(s.Variable)).ToList();

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
