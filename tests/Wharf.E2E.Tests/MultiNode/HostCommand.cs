using System.Diagnostics;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.MultiNode;

/// <summary>Runs one host tool (ip, umount) to completion; the netns cluster is built and torn down with these.</summary>
internal static class HostCommand
{
    public const string Ip = "/usr/sbin/ip";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = new ProcessOutput(process);
        await process.WaitForExitAsync().WaitAsync(Within);
        await output.Closed;
        return (process.ExitCode, output.StdOut, output.StdErr);
    }

    /// <summary>Set-up steps must all succeed: a half-built cluster would only fail later and more obscurely.</summary>
    public static async Task<string> RunCheckedAsync(string file, params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync(file, args);
        if (exitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {exitCode}: {stderr}");
        return stdout;
    }
}
