
namespace Wharf.Bench.PodStartup;

/// <summary>The repo's air-gapped images: scripts/build-images.sh builds pause and busybox archives into out/images (stamped, idempotent).</summary>
internal static class ImageArchives
{
    public static async Task<IReadOnlyList<string>> BuildAsync(CancellationToken ct)
    {
        var root = RepositoryRoot();
        var output = Path.Combine(root, "out", "images");
        var (exit, text) = await HostCommands.RunAsync("/bin/bash", Path.Combine(root, "scripts", "build-images.sh"), output);
        if (exit != 0)
            throw new InvalidOperationException($"build-images.sh exited with {exit}:\n{text}");
        ct.ThrowIfCancellationRequested();
        return [Path.Combine(output, "pause-3.10.tar"), Path.Combine(output, "busybox-1.36.tar")];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (Wharf.sln) above the benchmark");
    }
}
