using System.Diagnostics;

namespace Wharf.Network.Overlay;

/// <summary>
/// Starts the tools as child processes, behind an optional prefix (<c>ip netns exec NODE</c>), so the same executor
/// programs the host or a test namespace.
/// </summary>
internal sealed class CommandRunner(IReadOnlyList<string> prefix) : ICommandRunner
{
    public async Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? standardInput, CancellationToken ct)
    {
        var all = prefix.Concat([tool]).Concat(arguments).ToList();
        var startInfo = new ProcessStartInfo(all[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in all.Skip(1))
            startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo) ?? throw new OverlayCommandException($"could not start {all[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            if (standardInput is not null)
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), ct);
            process.StandardInput.Close();
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The child is ours alone (started through this Process object), so ending it by PID is safe.
            try { process.Kill(); } catch (InvalidOperationException) { }
            throw;
        }
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
