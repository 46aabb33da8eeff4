using Microsoft.Extensions.Logging;

namespace Wharf.Network.Ingress.Proxy;

/// <summary>
/// Passes on only entries at or above <paramref name="minimum"/>, and opens no scopes: ASP.NET Core's hosting layer
/// begins a request scope whenever Critical is enabled, which on every proxied request would allocate and write an
/// AsyncLocal in the host's scope provider for entries that are almost never logged.
/// </summary>
internal sealed class MinimumLevelLogger(ILogger inner, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
