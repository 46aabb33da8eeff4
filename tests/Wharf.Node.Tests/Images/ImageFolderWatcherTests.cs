using Wharf.Node.Images;
using Wharf.Node.Runtime;
using Wharf.Node.Tests.Support;

namespace Wharf.Node.Tests.Images;

[Collection(ContainerdCollection.Name)]
public sealed class ImageFolderWatcherTests
{
    [Fact]
    public async Task Watcher_ImportsArchivesPresentAtStart_AndOnesDroppedLater()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await TestImages.EnsureBuiltAsync();
        await using var env = await NodeTestEnvironment.StartAsync(importImages: false, ct);
        var runtime = new ContainerRuntime(env.Client!);
        var folder = Directory.CreateDirectory(Path.Combine(env.DataDir, "images")).FullName;
        File.Copy(TestImages.PauseArchive, Path.Combine(folder, "pause.tar"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an archive");

        await using var watcher = new ImageFolderWatcher(folder, new ImageImporter(env.Containerd.Address), TimeSpan.FromMilliseconds(50));
        await watcher.StartAsync(ct);
        Assert.NotNull(await runtime.ImageStatusAsync(TestImages.Pause, ct));
        Assert.Null(await runtime.ImageStatusAsync(TestImages.Busybox, ct));

        File.Copy(TestImages.BusyboxArchive, Path.Combine(folder, "busybox.tar"));
        while (await runtime.ImageStatusAsync(TestImages.Busybox, ct) is null)
            await Task.Delay(50, ct);
    }

    [Fact]
    public async Task Scan_FailedImport_IsRetriedOnlyWhenTheArchiveChanges()
    {
        var folder = Directory.CreateTempSubdirectory("wharf-images-").FullName;
        try
        {
            // A stand-in for ctr that records each call and fails, as ctr does on a corrupt archive.
            var calls = Path.Combine(folder, "calls.log");
            var fakeCtr = Path.Combine(folder, "fake-ctr");
            File.WriteAllText(fakeCtr, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{calls}'\necho 'ctr: broken archive' >&2\nexit 1\n");
            File.SetUnixFileMode(fakeCtr, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var watcher = new ImageFolderWatcher(folder, new ImageImporter("/unused.sock", fakeCtr), TimeSpan.FromHours(1));
            var archive = Path.Combine(folder, "broken.tar");
            File.WriteAllText(archive, "not a tar");

            Assert.Empty(await watcher.ScanAsync(requireStable: false, CancellationToken.None));
            Assert.Empty(await watcher.ScanAsync(requireStable: false, CancellationToken.None));
            Assert.Single(File.ReadAllLines(calls));

            File.AppendAllText(archive, " still not a tar");
            await watcher.ScanAsync(requireStable: false, CancellationToken.None);
            Assert.Equal(2, File.ReadAllLines(calls).Length);
            Assert.EndsWith("images import " + archive, File.ReadAllLines(calls)[1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Scan_RequireStable_WaitsOneScanForAGrowingFile()
    {
        var folder = Directory.CreateTempSubdirectory("wharf-images-").FullName;
        try
        {
            var watcher = new ImageFolderWatcher(folder, new ImageImporter("/unused.sock", "/bin/true"), TimeSpan.FromHours(1));
            var archive = Path.Combine(folder, "image.tar");
            File.WriteAllText(archive, "part");

            Assert.Empty(await watcher.ScanAsync(requireStable: true, CancellationToken.None));
            File.AppendAllText(archive, " more");
            Assert.Empty(await watcher.ScanAsync(requireStable: true, CancellationToken.None));
            Assert.Equal([archive], await watcher.ScanAsync(requireStable: true, CancellationToken.None));
            Assert.Empty(await watcher.ScanAsync(requireStable: true, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
