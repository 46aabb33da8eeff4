using System.Diagnostics;

namespace Wharf.Network.Tests.Proxy;

/// <summary>
/// A scratch network namespace with a unique name, deleted on dispose with everything in it (links, nft tables).
/// Processes started in it are tracked and killed by PID.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private readonly List<Process> _processes = [];

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>The prefix that runs a command inside, for <c>ServiceProxyOptions.CommandPrefix</c>.</summary>
    public IReadOnlyList<string> Prefix => ["ip", "netns", "exec", Name];

    public static NetworkNamespace Create(string role)
    {
        var name = $"wpx-{role}-{Guid.NewGuid().ToString("N")[..8]}";
        Host("ip", "netns", "add", name);
        var ns = new NetworkNamespace(name);
        ns.Run("ip", "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Runs a command inside and returns its stdout; throws with stderr when it fails.</summary>
    public string Run(params string[] command) => Host([.. Prefix, .. command]);

    /// <summary>Runs a command inside and reports its exit code and output without throwing.</summary>
    public (int ExitCode, string Output, TimeSpan Elapsed) TryRun(params string[] command)
    {
        var started = Stopwatch.StartNew();
        var (code, output, error) = Exec([.. Prefix, .. command], TimeSpan.FromSeconds(20));
        return (code, output + error, started.Elapsed);
    }

    /// <summary>Starts a long-running process inside (killed on dispose).</summary>
    public Process Start(params string[] command)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in Prefix.Skip(1).Concat(command)) start.ArgumentList.Add(word);
        var process = Process.Start(start)!;
        _processes.Add(process);
        return process;
    }

    public static string Host(params string[] command)
    {
        var (code, output, error) = Exec(command, TimeSpan.FromSeconds(60));
        if (code != 0) throw new InvalidOperationException($"{string.Join(' ', command)} exited {code}: {error}");
        return output;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited) process.Kill();
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        Exec(["ip", "netns", "delete", Name], TimeSpan.FromSeconds(30));
    }

    private static (int Code, string Output, string Error) Exec(IReadOnlyList<string> command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var word in command.Skip(1)) start.ArgumentList.Add(word);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            process.WaitForExit();
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
