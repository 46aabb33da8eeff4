using System.Diagnostics;
using System.Net.Sockets;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// One <c>wharf server</c> child process on a loopback port with its own data dir. It can be stopped (SIGTERM) or
/// killed (SIGKILL) by its PID and started again on the same data dir and port. Only the PID this class started is
/// ever signalled.
/// </summary>
public sealed class WharfServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private const int StartAttempts = 3;

    private readonly TempDirectory _root = new("server");
    private readonly WharfServerOptions _options;
    private Process? _process;
    private ProcessOutput? _output;
    private string _previousLogs = "";

    private WharfServer(WharfServerOptions options)
    {
        _options = options;
    }

    public string DataDirectory => Path.Combine(_root.Path, "data");

    public string KubeconfigPath => Path.Combine(_root.Path, "kubeconfig.yaml");

    /// <summary>
    /// The registries.yaml a node-backed server is started with (<c>--registry-config</c>). It does not exist until a
    /// test writes it; the agent follows the file, so a test can point the node at a registry it started.
    /// </summary>
    public string RegistryConfigPath => Path.Combine(_root.Path, "registries.yaml");

    public int Port { get; private set; }

    public Uri Url => new($"https://{_options.BindAddress}:{Port}");

    /// <summary>The PID of the running server; -1 when stopped.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : -1;

    /// <summary>Everything the server wrote so far, across restarts (for failure messages).</summary>
    public string Logs => _previousLogs + (_output is null ? "" : _output.StdOut + _output.StdErr);

    public static Task<WharfServer> StartAsync(CancellationToken ct) => StartAsync(WharfServerOptions.ControlPlaneOnly, ct);

    public static async Task<WharfServer> StartAsync(WharfServerOptions options, CancellationToken ct)
    {
        var server = new WharfServer(options);
        try
        {
            if (options.Agent)
                await LocalImages.CopyIntoAsync(server.DataDirectory, ct);
            await server.StartOnFreePortAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Graceful stop (SIGTERM to our PID), then start again on the same data dir.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync(ct);
        await StartAgainAsync(ct);
    }

    /// <summary>Crash (SIGKILL to our PID: no shutdown code runs), then start again on the same data dir.</summary>
    public async Task KillAndRestartAsync(CancellationToken ct)
    {
        await KillAsync(ct);
        await StartAgainAsync(ct);
    }

    public async Task StopAsync(CancellationToken ct) => await SignalAndWaitAsync(UnixSignals.SigTerm, ct);

    public async Task KillAsync(CancellationToken ct) => await SignalAndWaitAsync(UnixSignals.SigKill, ct);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                await StopAsync(CancellationToken.None);
            }
            catch (TimeoutException)
            {
                await KillAsync(CancellationToken.None);
            }
        }
        _process?.Dispose();
        _root.Dispose();
    }

    private async Task StartOnFreePortAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            try
            {
                await LaunchAsync(ct);
                return;
            }
            catch (ServerExitedException) when (attempt < StartAttempts)
            {
                // Most likely another process grabbed the port between FreePort.Next and the bind: pick another.
            }
        }
    }

    private async Task StartAgainAsync(CancellationToken ct)
    {
        try
        {
            await LaunchAsync(ct);
        }
        catch (ServerExitedException)
        {
            // The old port was taken meanwhile; the kubeconfig is rewritten with the new one.
            await StartOnFreePortAsync(ct);
        }
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        if (_output is not null)
            _previousLogs += _output.StdOut + _output.StdErr + "\n--- restart ---\n";
        _process?.Dispose();
        File.Delete(KubeconfigPath); // its reappearance is the readiness signal
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     WharfBinary.DllPath, "server", "--data-dir", DataDirectory, "--https-listen-port", Port.ToString(),
                     "--bind-address", _options.BindAddress, "--write-kubeconfig", KubeconfigPath,
                 }.Concat(_options.Arguments()).Concat(ResolvConfArguments()).Concat(RegistryConfigArguments()))
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in _options.Environment)
            start.Environment[name] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _output = new ProcessOutput(_process);
        ChildProcessReaper.Track(_process);
        await WaitReadyAsync(ct);
    }

    /// <summary>
    /// The cluster DNS forwards names outside the cluster to loopback, where nothing answers: a test never sends a
    /// DNS query off the machine.
    /// </summary>
    private IEnumerable<string> ResolvConfArguments()
    {
        if (!_options.Agent) return [];
        var path = Path.Combine(_root.Path, "resolv.conf");
        File.WriteAllText(path, "nameserver 127.0.0.1\n");
        return ["--resolv-conf", path];
    }

    private IEnumerable<string> RegistryConfigArguments() => _options.Agent ? ["--registry-config", RegistryConfigPath] : [];

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            ct.ThrowIfCancellationRequested();
            if (_process!.HasExited)
                throw new ServerExitedException($"wharf server exited with {_process.ExitCode} before it was ready:\n{Logs}");
            if (File.Exists(KubeconfigPath) && await AnswersReadyzAsync(ct))
                return;
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"wharf server not ready after {StartTimeout}:\n{Logs}");
    }

    private async Task<bool> AnswersReadyzAsync(CancellationToken ct)
    {
        try
        {
            using var api = RawApi.FromKubeconfig(KubeconfigPath);
            using var response = await api.GetAsync("/readyz", ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return false;
        }
    }

    private async Task SignalAndWaitAsync(int signal, CancellationToken ct)
    {
        if (_process is null || _process.HasExited)
            return;
        UnixSignals.Send(_process.Id, signal);
        try
        {
            await _process.WaitForExitAsync(ct).WaitAsync(StopTimeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"wharf server (pid {_process.Id}) did not exit within {StopTimeout} of signal {signal}");
        }
        await _output!.Closed.WaitAsync(TimeSpan.FromSeconds(5), ct);
    }

    private sealed class ServerExitedException(string message) : Exception(message);
}
