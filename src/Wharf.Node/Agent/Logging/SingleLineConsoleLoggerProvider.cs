using Microsoft.Extensions.Logging;

namespace Wharf.Node.Agent.Logging;

/// <summary>
/// Writes each entry as one line, the line Wharf.Cli.Logging's simple console formatter writes (single line, UTC
/// timestamp, no colours): <c>2026-11-26T15:00:00.000Z info: category[0] message exception</c>, line breaks inside
/// the message or exception turned into spaces. Written on the caller's thread: an agent logs a few lines a minute,
/// and one <c>Write</c> of a whole line on the synchronized console writer keeps lines from interleaving.
/// </summary>
public sealed class SingleLineConsoleLoggerProvider(TextWriter output, TimeProvider? time = null) : ILoggerProvider
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public ILogger CreateLogger(string categoryName) => new SingleLineConsoleLogger(categoryName, output, _time);

    public void Dispose()
    {
    }
}
