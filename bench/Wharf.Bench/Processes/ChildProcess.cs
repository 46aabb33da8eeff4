using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wharf.Bench.Processes;

/// <summary>
/// One child process this benchmark started. Stopping signals only its own PID (SIGTERM, then SIGKILL after a
/// grace period); children still alive when the benchmark exits (Ctrl-C, crash) are killed by PID too.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly OutputTail _output;
    private bool _disposed;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var pid in Running.Keys)
                UnixSignals.Send(pid, UnixSignals.SigKill);
        };
    }

    private ChildProcess(Process process)
    {
        _process = process;
        _output = new OutputTail(process);
        Running[process.Id] = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => _output.Text;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start"));
    }

    public ProcessMemory ReadMemory() => ProcessMemory.Read(_process.Id);

    /// <summary>Waits for the process to end by itself; past <paramref name="timeout"/> it is stopped and this throws.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await _process.WaitForExitAsync(ct).WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            await StopAsync(ct);
            throw new TimeoutException($"{_process.StartInfo.FileName} did not finish within {timeout}:\n{Output}");
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (!_process.HasExited && UnixSignals.Send(_process.Id, UnixSignals.SigTerm))
        {
            try
            {
                await _process.WaitForExitAsync(ct).WaitAsync(StopGrace, ct);
            }
            catch (TimeoutException)
            {
                UnixSignals.Send(_process.Id, UnixSignals.SigKill);
                await _process.WaitForExitAsync(ct);
            }
        }
        Running.TryRemove(_process.Id, out _);
        await _output.Closed.WaitAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops the process if still running; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await StopAsync(CancellationToken.None);
        _process.Dispose();
    }
}
