using System.Diagnostics;
using System.Text;

namespace Wharf.Bench.Processes;

/// <summary>
/// Drains a child's stdout and stderr so its pipes never fill (a blocked logger would stall the server being
/// measured) and keeps only the last few kilobytes, for error messages.
/// </summary>
internal sealed class OutputTail
{
    private const int KeepChars = 16 * 1024;
    private readonly StringBuilder _tail = new();

    public OutputTail(Process process)
    {
        Closed = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    public Task Closed { get; }

    public string Text
    {
        get
        {
            lock (_tail)
                return _tail.ToString();
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (_tail)
            {
                _tail.Append(buffer, 0, read);
                if (_tail.Length > 2 * KeepChars)
                    _tail.Remove(0, _tail.Length - KeepChars);
            }
        }
    }
}
