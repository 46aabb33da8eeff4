using System.Diagnostics;
using System.Text;

namespace Wharf.Storage.Tests;

public sealed class CrashTests
{
    private const string WriterAssembly = "Wharf.Storage.CrashWriter.dll";

    [Fact]
    public async Task KillDashNine_MidStream_KeepsEveryAcknowledgedWrite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wharf-storage-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var acknowledged = await RunAndKillAsync(directory, acknowledgementsBeforeKill: 400);

            await using var store = await SqliteStorageBackend.OpenAsync(new SqliteStorageOptions { DataDirectory = directory, CompactInterval = TimeSpan.Zero });
            Assert.True(acknowledged.Count >= 400, $"only {acknowledged.Count} acknowledgements");
            foreach (var (key, revision) in acknowledged)
            {
                var stored = await store.GetAsync(key);
                Assert.True(stored is not null, $"acknowledged key {key} was lost");
                Assert.Equal(revision, stored.ModRevision);
                Assert.Equal(key, Encoding.UTF8.GetString(stored.Value.Span));
            }

            Assert.True(store.CurrentRevision >= acknowledged.Values.Max());
            var next = await store.CreateAsync("/after-crash", Encoding.UTF8.GetBytes("x"));
            Assert.Equal(store.CurrentRevision, next.ModRevision);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<Dictionary<string, long>> RunAndKillAsync(string directory, int acknowledgementsBeforeKill)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LocateWriter());
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add("8");

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var acknowledged = new Dictionary<string, long>();
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync(timeout.Token));
            while (acknowledged.Count < acknowledgementsBeforeKill)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new Xunit.Sdk.XunitException($"writer exited early: {await process.StandardError.ReadToEndAsync()}");
                Add(acknowledged, line);
            }
        }
        finally
        {
            // Process.Kill sends SIGKILL on Unix: no flush, no dispose, no finalizers.
            process.Kill();
        }

        // Lines written before the kill are still in the pipe; they were acknowledged too.
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } rest)
        {
            Add(acknowledged, rest);
        }

        await process.WaitForExitAsync(timeout.Token);
        return acknowledged;
    }

    private static void Add(Dictionary<string, long> acknowledged, string line)
    {
        var parts = line.Split(' ');
        if (parts.Length == 2 && long.TryParse(parts[1], out var revision))
        {
            acknowledged[parts[0]] = revision;
        }
    }

    private static string LocateWriter()
    {
        // tests/Wharf.Storage.Tests/bin/<Configuration>/<tfm>/ -> tests/Wharf.Storage.CrashWriter/bin/<Configuration>/<tfm>/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var testsRoot = testOutput.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(testsRoot, "Wharf.Storage.CrashWriter", "bin", configuration, tfm, WriterAssembly);
        Assert.True(File.Exists(path), $"crash writer not built at {path}");
        return path;
    }
}
