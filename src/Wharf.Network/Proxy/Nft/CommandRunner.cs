using System.Diagnostics;

namespace Wharf.Network.Proxy.Nft;

/// <summary>Runs <c>nft</c> and <c>sysctl</c> behind an optional prefix (e.g. <c>ip netns exec NS</c>).</summary>
internal sealed class CommandRunner(IReadOnlyList<string> prefix)
{
    /// <summary>Applies a batch as one transaction (<c>nft -f -</c>), or only checks it when <paramref name="checkOnly"/>.</summary>
    public Task ApplyAsync(string script, bool checkOnly, CancellationToken ct) =>
        RunAsync(checkOnly ? ["nft", "-c", "-f", "-"] : ["nft", "-f", "-"], script, ct);

    public Task SysctlAsync(string setting, CancellationToken ct) => RunAsync(["sysctl", "-q", "-w", setting], null, ct);

    /// <summary>Runs a command to completion; a non-zero exit throws <see cref="CommandFailedException"/> with its stderr.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> command, string? stdin, CancellationToken ct)
    {
        var words = prefix.Concat(command).ToList();
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1)) start.ArgumentList.Add(word);
        using var process = Process.Start(start) ?? throw new CommandFailedException(string.Join(' ', words), -1, "could not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            if (stdin is not null) await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            process.StandardInput.Close();
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // Only this child, by its own handle; nft holds no state a kill could corrupt (the batch is one transaction).
            if (!process.HasExited) process.Kill();
            throw;
        }
        var error = await stderr;
        if (process.ExitCode != 0)
            throw new CommandFailedException(string.Join(' ', command), process.ExitCode, error.Trim());
        return await stdout;
    }
}
