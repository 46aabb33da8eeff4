using System.Diagnostics;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// The node boots air-gapped: scripts/build-images.sh builds the pause and busybox archives (idempotent, stamped) and
/// they are copied into DATA/agent/images, where the agent imports them at start.
/// </summary>
public static class LocalImages
{
    /// <summary>The busybox image scripts/build-images.sh builds (sh, httpd, wget, nslookup, nc).</summary>
    public const string Busybox = "wharf.local/busybox:1.36";

    private static readonly string[] Archives = ["pause-3.10.tar", "busybox-1.36.tar"];
    private static readonly SemaphoreSlim BuildOnce = new(1, 1);

    public static async Task CopyIntoAsync(string dataDirectory, CancellationToken ct)
    {
        var built = await BuildAsync(ct);
        var target = Path.Combine(dataDirectory, "agent", "images");
        Directory.CreateDirectory(target);
        foreach (var archive in Archives)
            File.Copy(Path.Combine(built, archive), Path.Combine(target, archive), overwrite: true);
    }

    private static async Task<string> BuildAsync(CancellationToken ct)
    {
        await BuildOnce.WaitAsync(ct);
        try
        {
            var root = WharfBinary.RepositoryRoot;
            var output = Path.Combine(root, "out", "images");
            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root,
            };
            start.ArgumentList.Add(Path.Combine(root, "scripts", "build-images.sh"));
            start.ArgumentList.Add(output);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
            var text = new ProcessOutput(process);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(2), ct);
            await text.Closed;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"build-images.sh exited with {process.ExitCode}:\n{text.StdOut}{text.StdErr}");
            return output;
        }
        finally
        {
            BuildOnce.Release();
        }
    }
}
