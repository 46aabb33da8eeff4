using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Node.Images;

/// <summary>
/// Imports every image archive dropped into a folder (the agent's <c>images/</c>, like k3s' airgap images): all of
/// them once at start, then new or changed ones. It polls instead of using inotify, because inotify instances are
/// scarce on these machines, and imports a file only after its size and time were unchanged for one poll, so a
/// half-copied archive is not imported.
/// </summary>
public sealed class ImageFolderWatcher : IAsyncDisposable
{
    private static readonly string[] ArchiveExtensions = [".tar", ".tar.gz", ".tgz"];

    private readonly string _folder;
    private readonly ImageImporter _importer;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, FileStamp> _imported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStamp> _seen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public ImageFolderWatcher(string folder, ImageImporter importer, TimeSpan interval, ILogger<ImageFolderWatcher>? logger = null, TimeProvider? time = null)
    {
        _folder = folder;
        _importer = importer;
        _interval = interval;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Imports what is in the folder now (complete files, no waiting) and then keeps watching.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        await ScanAsync(requireStable: false, cancellationToken);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    /// <summary>One pass over the folder; returns the archives imported in it.</summary>
    internal async Task<IReadOnlyList<string>> ScanAsync(bool requireStable, CancellationToken cancellationToken)
    {
        var imported = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_folder).Where(IsArchive).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            var stamp = new FileStamp(info.Length, info.LastWriteTimeUtc);
            if (_imported.TryGetValue(path, out var done) && done == stamp)
                continue;
            var stable = _seen.TryGetValue(path, out var previous) && previous == stamp;
            _seen[path] = stamp;
            if (requireStable && !stable)
                continue;
            // Remembered even on failure: a broken archive is retried only once it changes.
            _imported[path] = stamp;
            try
            {
                var images = await _importer.ImportAsync(path, cancellationToken);
                Log.Imported(_logger, path, string.Join(", ", images));
                imported.Add(path);
            }
            catch (InvalidOperationException ex)
            {
                Log.ImportFailed(_logger, ex, path);
            }
        }
        return imported;
    }

    private static bool IsArchive(string path) =>
        ArchiveExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
                await ScanAsync(requireStable: true, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        if (_loop is not null)
            await _loop;
        _stopping.Dispose();
    }

    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc);
}
