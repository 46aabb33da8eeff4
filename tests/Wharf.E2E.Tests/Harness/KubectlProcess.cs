using System.Diagnostics;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// A kubectl that is still running (e.g. <c>get -w</c>): its output can be read while it runs, and it is killed at
/// the deadline or on <see cref="StopAsync"/>.
/// </summary>
public sealed class KubectlProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output;
    private readonly string _commandLine;
    private readonly TimeSpan _timeout;
    private readonly Stopwatch _age = Stopwatch.StartNew();

    internal KubectlProcess(Process process, string commandLine, TimeSpan timeout)
    {
        _process = process;
        _output = new ProcessOutput(process);
        _commandLine = commandLine;
        _timeout = timeout;
    }

    public string StdOut => _output.StdOut;

    public string StdErr => _output.StdErr;

    internal async Task WriteStdInAsync(string? text, CancellationToken ct)
    {
        if (text is not null)
            await _process.StandardInput.WriteAsync(text.AsMemory(), ct);
        _process.StandardInput.Close();
    }

    /// <summary>Polls the output until <paramref name="condition"/> holds; false if kubectl exited or time ran out first.</summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> condition, TimeSpan within, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (condition(StdOut))
                return true;
            if (_process.HasExited)
                return condition(StdOut);
            await Task.Delay(50, ct);
        }
        return condition(StdOut);
    }

    /// <summary>Waits for kubectl to exit by itself, killing it when its deadline passes.</summary>
    public async Task<KubectlResult> WaitAsync(CancellationToken ct)
    {
        var timedOut = false;
        var left = _timeout - _age.Elapsed;
        try
        {
            await _process.WaitForExitAsync(ct).WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
        }
        catch (TimeoutException)
        {
            timedOut = true;
            Kill();
        }
        return await ResultAsync(timedOut);
    }

    /// <summary>Kills kubectl now (for commands that never end by themselves) and returns what it printed.</summary>
    public async Task<KubectlResult> StopAsync()
    {
        var wasRunning = !_process.HasExited;
        Kill();
        return await ResultAsync(wasRunning);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private void Kill()
    {
        // Only this kubectl and the real kubectl the dispatcher runs under it: the tree rooted at our own child.
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    private async Task<KubectlResult> ResultAsync(bool timedOut)
    {
        await _process.WaitForExitAsync(CancellationToken.None);
        await _output.Closed.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        return new KubectlResult(_commandLine, _process.ExitCode, StdOut, StdErr, timedOut);
    }
}
