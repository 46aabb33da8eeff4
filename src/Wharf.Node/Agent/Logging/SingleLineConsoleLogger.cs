using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Wharf.Node.Agent.Logging;

/// <summary>One category's logger of <see cref="SingleLineConsoleLoggerProvider"/>; levels are filtered by the factory.</summary>
internal sealed class SingleLineConsoleLogger(string category, TextWriter output, TimeProvider time) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        var message = formatter(state, exception);
        if (string.IsNullOrEmpty(message) && exception is null)
            return;
        output.Write(Format(time.GetUtcNow(), logLevel, category, eventId.Id, message, exception));
    }

    internal static string Format(DateTimeOffset timestamp, LogLevel level, string category, int eventId, string message, Exception? exception)
    {
        var line = new StringBuilder(64 + category.Length + message.Length);
        line.Append(timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ ", CultureInfo.InvariantCulture))
            .Append(LevelName(level)).Append(": ").Append(category).Append('[').Append(eventId.ToString(CultureInfo.InvariantCulture)).Append(']');
        AppendOnOneLine(line, message);
        if (exception is not null)
            AppendOnOneLine(line, exception.ToString());
        return line.Append(Environment.NewLine).ToString();
    }

    private static void AppendOnOneLine(StringBuilder line, string text)
    {
        if (text.Length == 0)
            return;
        line.Append(' ').Append(text.Replace(Environment.NewLine, " ", StringComparison.Ordinal).Replace('\n', ' '));
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };
}
