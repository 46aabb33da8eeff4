using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Node.Cri;
using Wharf.Node.Cri.V1;
using Wharf.Node.Host;
using Wharf.Node.Registries;

namespace Wharf.Node.Containerd;

/// <summary>
/// Runs the agent's own containerd as a child process, like k3s: writes its config, starts it, waits until CRI
/// answers, restarts it with exponential backoff when it dies, and on dispose stops it by PID and unmounts what it
/// left under its root and state. The system containerd is never touched.
/// </summary>
public sealed class ContainerdSupervisor : IAsyncDisposable
{
    private readonly ContainerdOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private readonly RegistryConfigWatcher? _registries;
    private Process? _process;
    private StreamWriter? _log;
    private Task? _monitor;
    private int _restarts;

    public ContainerdSupervisor(ContainerdOptions options, ILogger<ContainerdSupervisor>? logger = null, TimeProvider? time = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        if (options.RegistryConfigPath is { } registryConfig)
            _registries = new RegistryConfigWatcher(registryConfig, options.RegistryHostsDir, options.RegistryConfigPollInterval, _logger, _time);
    }

    public ContainerdOptions Options => _options;

    /// <summary>The CRI endpoint (unix socket path) of this containerd.</summary>
    public string Address => _options.Address;

    /// <summary>PID of the running containerd, or null between a crash and its restart.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
                return _process is { HasExited: false } p ? p.Id : null;
        }
    }

    /// <summary>How many times containerd was restarted after dying.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Raised after a restarted containerd answers CRI again.</summary>
    public event Action? Restarted;

    /// <summary>Writes the config, starts containerd and waits until CRI Version answers.</summary>
    public async Task<VersionResponse> StartAsync(CancellationToken cancellationToken)
    {
        if (_monitor is not null)
            throw new InvalidOperationException("containerd is already started");
        // An invalid registries.yaml stops the start here, with the file's problem in the message.
        _registries?.Load();
        var version = await LaunchAsync(cancellationToken);
        _monitor = Task.Run(MonitorAsync, CancellationToken.None);
        _registries?.Start();
        return version;
    }

    public CriClient CreateClient() => CriClient.ForUnixSocket(_options.Address);

    private async Task<VersionResponse> LaunchAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.Root);
        Directory.CreateDirectory(_options.State);
        Directory.CreateDirectory(_options.CniConfDir);
        ContainerdConfig.Write(_options, _registries?.Current);
        // A socket left by a killed containerd would make the new one fail to listen.
        if (File.Exists(_options.Address))
            File.Delete(_options.Address);

        var startInfo = new ProcessStartInfo(_options.ContainerdPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("--config");
        startInfo.ArgumentList.Add(_options.ConfigPath);
        // containerd reads no other environment; keep the agent's out of its children (runc, shims, CNI).
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

        var log = _log ??= new StreamWriter(new FileStream(_options.LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"could not start {_options.ContainerdPath}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
            _process = process;
        Log.Started(_logger, process.Id, _options.Address);

        using var client = CreateClient();
        using var exited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchExit = process.WaitForExitAsync(exited.Token);
        var ready = client.WaitReadyAsync(_options.StartTimeout, exited.Token);
        if (await Task.WhenAny(ready, watchExit) == watchExit && process.HasExited)
        {
            exited.Cancel();
            throw new InvalidOperationException($"containerd exited with code {process.ExitCode} while starting; see {_options.LogPath}");
        }
        exited.Cancel();
        var version = await ready;
        Log.Ready(_logger, version.RuntimeName, version.RuntimeVersion, version.RuntimeApiVersion);
        return version;
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
        {
            try { log.WriteLine(line); }
            catch (ObjectDisposedException) { } // output racing the supervisor's dispose
        }
    }

    private async Task MonitorAsync()
    {
        var backoff = _options.RestartBackoffInitial;
        while (!_stopping.IsCancellationRequested)
        {
            Process process;
            lock (_gate)
                process = _process!;
            var startedAt = _time.GetUtcNow();
            try
            {
                await process.WaitForExitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (_time.GetUtcNow() - startedAt >= _options.RestartBackoffReset)
                backoff = _options.RestartBackoffInitial;

            while (!_stopping.IsCancellationRequested)
            {
                Log.Exited(_logger, process.Id, process.ExitCode, backoff);
                try
                {
                    await Task.Delay(backoff, _time, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.RestartBackoffMax.Ticks));
                try
                {
                    await LaunchAsync(_stopping.Token);
                    Interlocked.Increment(ref _restarts);
                    Restarted?.Invoke();
                    break;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Log.RestartFailed(_logger, ex);
                    lock (_gate)
                        process = _process!;
                    await StopProcessAsync(process);
                }
            }
        }
    }

    /// <summary>SIGTERM by PID, SIGKILL after the stop timeout. Only ever our own child.</summary>
    private async Task StopProcessAsync(Process process)
    {
        if (process.HasExited)
            return;
        NativeMethods.Kill(process.Id, NativeMethods.SigTerm);
        using var timeout = new CancellationTokenSource(_options.StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Log.Killing(_logger, process.Id, _options.StopTimeout);
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        if (_monitor is not null)
            await _monitor;
        if (_registries is not null)
            await _registries.DisposeAsync();
        Process? process;
        lock (_gate)
            process = _process;
        if (process is not null)
        {
            await StopProcessAsync(process);
            Log.Stopped(_logger, process.Id);
            process.Dispose();
        }
        foreach (var directory in new[] { _options.State, _options.Root })
        {
            var failed = MountCleaner.UnmountAllUnder(directory);
            if (failed.Count > 0)
                Log.UnmountFailed(_logger, failed.Count, directory);
        }
        _log?.Dispose();
        _stopping.Dispose();
    }
}
