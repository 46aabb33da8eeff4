using System.Diagnostics;
using System.Text;

namespace Wharf.E2E.Tests.Harness;

/// <summary>Collects a child's stdout and stderr as they arrive, so pipes never fill and a killed child still leaves its text.</summary>
internal sealed class ProcessOutput
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProcessOutput(Process process)
    {
        process.OutputDataReceived += (_, e) => Append(_stdout, _stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, _stderrClosed, e.Data);
    }

    public string StdOut { get { lock (_stdout) return _stdout.ToString(); } }

    public string StdErr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Both streams reached end of file (the child and every inheritor of its pipes exited).</summary>
    public Task Closed => Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);

    private static void Append(StringBuilder into, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (into)
            into.Append(line).Append('\n');
    }
}
