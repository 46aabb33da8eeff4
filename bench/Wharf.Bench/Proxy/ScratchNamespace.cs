using System.Diagnostics;

namespace Wharf.Bench.Proxy;

/// <summary>A network namespace of its own for the benchmark's nft table, deleted (with the table) on dispose.</summary>
internal sealed class ScratchNamespace : IDisposable
{
    private ScratchNamespace(string name) => Name = name;

    public string Name { get; }

    public IReadOnlyList<string> Prefix => ["ip", "netns", "exec", Name];

    public static ScratchNamespace Create()
    {
        var name = $"wpx-bench-{Guid.NewGuid().ToString("N")[..8]}";
        Run("ip", "netns", "add", name);
        return new ScratchNamespace(name);
    }

    public void Dispose() => Run("ip", "netns", "delete", Name);

    private static void Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in command.Skip(1)) start.ArgumentList.Add(word);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', command)}: {error}");
    }
}
