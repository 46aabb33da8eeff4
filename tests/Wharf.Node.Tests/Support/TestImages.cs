using Wharf.Node.Host;

namespace Wharf.Node.Tests.Support;

/// <summary>Builds the local images once per test run with the repo's scripts/build-images.sh (idempotent, fast).</summary>
internal static class TestImages
{
    public const string Pause = "wharf.local/pause:3.10";
    public const string Busybox = "wharf.local/busybox:1.36";

    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "wharf-node-test-images");

    public static string PauseArchive => Path.Combine(Directory, "pause-3.10.tar");

    public static string BusyboxArchive => Path.Combine(Directory, "busybox-1.36.tar");

    /// <summary>Returns the folder with pause-3.10.tar and busybox-1.36.tar.</summary>
    public static Task<string> EnsureBuiltAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        var script = Path.Combine(RepoRoot(), "scripts", "build-images.sh");
        (await ProcessRunner.RunAsync("/bin/bash", [script, Directory], CancellationToken.None))
            .EnsureSuccess("scripts/build-images.sh");
        return Directory;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "build-images.sh")))
                return dir.FullName;
        }
        throw new InvalidOperationException("scripts/build-images.sh not found above " + AppContext.BaseDirectory);
    }
}
