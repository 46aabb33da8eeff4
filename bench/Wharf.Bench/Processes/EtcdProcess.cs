using System.Diagnostics;

namespace Wharf.Bench.Processes;

/// <summary>
/// A single-member etcd (Debian's etcd-server) on loopback ports with a fresh data dir: the yardstick for writes.
/// Ready when <c>GET /health</c> on the client URL answers 200.
/// </summary>
internal sealed class EtcdProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ScratchDirectory _scratch;
    private readonly ChildProcess _process;

    private EtcdProcess(ScratchDirectory scratch, ChildProcess process, string clientUrl)
    {
        _scratch = scratch;
        _process = process;
        ClientUrl = clientUrl;
    }

    public string ClientUrl { get; }

    public int ProcessId => _process.Id;

    public static async Task<EtcdProcess> StartAsync(string etcdBinary, CancellationToken ct)
    {
        var scratch = new ScratchDirectory("etcd");
        var clientUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var peerUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var process = ChildProcess.Start(etcdBinary,
        [
            "--data-dir", scratch.Combine("data"), "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
            "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", $"default={peerUrl}",
        ], workingDirectory: scratch.Path);
        try
        {
            await WaitHealthyAsync(process, clientUrl, ct);
            return new EtcdProcess(scratch, process, clientUrl);
        }
        catch
        {
            await process.DisposeAsync();
            scratch.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _scratch.Dispose();
    }

    private static async Task WaitHealthyAsync(ChildProcess process, string clientUrl, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"etcd exited before it was healthy:\n{process.Output}");
            try
            {
                using var response = await http.GetAsync($"{clientUrl}/health", ct);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow first answer
            }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"etcd not healthy after {StartTimeout}:\n{process.Output}");
    }
}
