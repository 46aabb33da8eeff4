using System.Diagnostics;
using System.Text;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Pumps a child's stdout and stderr verbatim (trailing newlines matter: <c>create token</c> prints none) as they
/// arrive, so pipes never fill and a killed child still leaves the text it wrote.
/// </summary>
internal sealed class ProcessOutput
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public ProcessOutput(Process process)
    {
        Closed = Task.WhenAll(
            PumpAsync(process.StandardOutput, _stdout),
            PumpAsync(process.StandardError, _stderr));
    }

    public string StdOut { get { lock (_stdout) return _stdout.ToString(); } }

    public string StdErr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Both streams reached end of file (the child and every inheritor of its pipes exited).</summary>
    public Task Closed { get; }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (into)
                into.Append(buffer, 0, read);
        }
    }
}
