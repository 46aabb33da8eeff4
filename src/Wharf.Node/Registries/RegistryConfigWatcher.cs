using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Node.Registries;

/// <summary>
/// Follows one registries.yaml: renders it into containerd's hosts directory at start and again whenever the file
/// changes (containerd reads hosts.toml at every pull, so mirrors and TLS apply at once, unlike k3s which needs a
/// restart). Polls rather than using inotify, whose instances are scarce on these machines. An invalid edit is
/// logged and the last good config stays in force.
/// </summary>
public sealed class RegistryConfigWatcher : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _hostsDir;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private FileStamp? _applied;
    private Task? _loop;

    public RegistryConfigWatcher(string path, string hostsDir, TimeSpan interval, ILogger? logger = null, TimeProvider? time = null)
    {
        _path = path;
        _hostsDir = hostsDir;
        _interval = interval;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The config last applied (empty before <see cref="Load"/> and while the file does not exist).</summary>
    public RegistryConfig Current { get; private set; } = RegistryConfig.Empty;

    /// <summary>Reads and applies the file now; an invalid file is a <see cref="FormatException"/> (the agent refuses to start).</summary>
    public RegistryConfig Load()
    {
        Apply(Stamp(), RegistryConfigParser.Load(_path));
        return Current;
    }

    public void Start() => _loop ??= Task.Run(LoopAsync, CancellationToken.None);

    /// <summary>One check: applies the file when it changed since the last apply; true when it did.</summary>
    internal bool Poll()
    {
        var stamp = Stamp();
        if (stamp == _applied)
            return false;
        RegistryConfig next;
        try
        {
            next = RegistryConfigParser.Load(_path);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            _applied = stamp; // logged once per edit, not at every poll
            Log.Invalid(_logger, e, _path);
            return false;
        }
        var credentialsChanged = !SameCredentials(Current, next);
        Apply(stamp, next);
        if (credentialsChanged)
            Log.CredentialsNeedRestart(_logger, _path);
        return true;
    }

    private void Apply(FileStamp stamp, RegistryConfig config)
    {
        HostsDirectory.Write(_hostsDir, HostsToml.Render(config));
        Current = config;
        _applied = stamp;
        foreach (var (registry, mirror) in config.Mirrors.Where(m => m.Value.Rewrites.Count > 0))
            Log.RewritesIgnored(_logger, _path, registry);
        Log.Applied(_logger, _path, config.Mirrors.Count, config.Configs.Count, _hostsDir);
    }

    private static bool SameCredentials(RegistryConfig a, RegistryConfig b)
    {
        var left = a.Configs.Where(c => c.Value.Auth is not null).ToDictionary(c => c.Key, c => c.Value.Auth);
        var right = b.Configs.Where(c => c.Value.Auth is not null).ToDictionary(c => c.Key, c => c.Value.Auth);
        return left.Count == right.Count && left.All(l => right.TryGetValue(l.Key, out var r) && Equals(l.Value, r));
    }

    private FileStamp Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc) : new FileStamp(false, 0, default);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    Poll();
                }
                catch (IOException e)
                {
                    Log.Invalid(_logger, e, _path);
                }
            }
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

    private readonly record struct FileStamp(bool Exists, long Length, DateTime LastWriteUtc);
}
