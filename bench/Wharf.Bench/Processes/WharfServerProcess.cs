using System.Diagnostics;
using System.Net.Sockets;
using Wharf.Bench.Api;

namespace Wharf.Bench.Processes;

/// <summary>
/// A real <c>wharf server --disable-agent</c> on a loopback port with a fresh data dir. Ready means: the kubeconfig
/// was written and <c>GET /readyz</c> answers 200; the time from launch to that moment is the cold start.
/// </summary>
internal sealed class WharfServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private readonly ScratchDirectory _scratch;
    private readonly ChildProcess _process;

    private WharfServerProcess(ScratchDirectory scratch, ChildProcess process, TimeSpan startup)
    {
        _scratch = scratch;
        _process = process;
        Startup = startup;
    }

    public TimeSpan Startup { get; }

    public int ProcessId => _process.Id;

    public string KubeconfigPath => _scratch.Combine("kc.yaml");

    public ProcessMemory ReadMemory() => _process.ReadMemory();

    public static async Task<WharfServerProcess> StartAsync(string wharfDll, CancellationToken ct) => await StartAsync(wharfDll, [], ct);

    /// <summary>As <see cref="StartAsync(string, CancellationToken)"/>, with more <c>wharf server</c> flags.</summary>
    public static async Task<WharfServerProcess> StartAsync(string wharfDll, IReadOnlyList<string> extraArguments, CancellationToken ct)
    {
        var scratch = new ScratchDirectory("wharf");
        var kubeconfig = scratch.Combine("kc.yaml");
        var clock = Stopwatch.StartNew();
        var process = ChildProcess.Start("dotnet",
        [
            wharfDll, "server", "--data-dir", scratch.Combine("data"), "--https-listen-port", FreePort.Next().ToString(),
            "--bind-address", "127.0.0.1", "--write-kubeconfig", kubeconfig, "--disable-agent", .. extraArguments,
        ], workingDirectory: scratch.Path); // the server watches its working directory recursively at start: keep it small and the same every run
        try
        {
            await WaitReadyAsync(process, kubeconfig, clock, ct);
            return new WharfServerProcess(scratch, process, clock.Elapsed);
        }
        catch
        {
            await process.DisposeAsync();
            scratch.Dispose();
            throw;
        }
    }

    public WharfApi Connect(TimeSpan requestTimeout) => WharfApi.FromKubeconfig(KubeconfigPath, requestTimeout);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _scratch.Dispose();
    }

    private static async Task WaitReadyAsync(ChildProcess process, string kubeconfig, Stopwatch clock, CancellationToken ct)
    {
        WharfApi? api = null;
        try
        {
            while (clock.Elapsed < StartTimeout)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"wharf server exited before it was ready:\n{process.Output}");
                api ??= TryConnect(kubeconfig);
                if (api is not null && await AnswersReadyAsync(api, ct))
                    return;
                await Task.Delay(PollInterval, ct);
            }
            throw new TimeoutException($"wharf server not ready after {StartTimeout}:\n{process.Output}");
        }
        finally
        {
            api?.Dispose();
        }
    }

    private static WharfApi? TryConnect(string kubeconfig)
    {
        if (!File.Exists(kubeconfig))
            return null;
        try
        {
            return WharfApi.FromKubeconfig(kubeconfig, TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // still being written (a truly broken kubeconfig ends in the start timeout with the server log)
        }
    }

    private static async Task<bool> AnswersReadyAsync(WharfApi api, CancellationToken ct)
    {
        try
        {
            return await api.IsReadyAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false; // the client's own 5 s timeout: a starved server is slow, not broken (the start timeout decides)
        }
    }
}
