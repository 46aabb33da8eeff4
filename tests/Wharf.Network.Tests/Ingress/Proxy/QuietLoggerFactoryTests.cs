using Microsoft.Extensions.Logging;
using Wharf.Network.Ingress.Proxy;

namespace Wharf.Network.Tests.Ingress.Proxy;

public sealed class QuietLoggerFactoryTests
{
    private sealed class RecordingFactory : ILoggerFactory
    {
        public List<(string Category, LogLevel Level)> Entries { get; } = [];

        public List<string> Scopes { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recording(this, categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Recording(RecordingFactory owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                owner.Scopes.Add(category);
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Add((category, logLevel));
        }
    }

    [Theory]
    [InlineData("per-request hosting log", "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information, false)]
    [InlineData("per-request hosting category even when critical", "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Critical, false)]
    [InlineData("per-request forwarder log", "Yarp.ReverseProxy.Forwarder.HttpForwarder", LogLevel.Information, false)]
    [InlineData("kestrel warning", "Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning, true)]
    [InlineData("our own information", "Wharf.Network.Ingress.Proxy", LogLevel.Information, true)]
    public void ChattyFrameworkCategoriesOnlyPassWarnings(string _, string category, LogLevel level, bool passes)
    {
        var inner = new RecordingFactory();

        new QuietLoggerFactory(inner).CreateLogger(category).Log(level, "x");

        Assert.Equal(passes, inner.Entries.Count == 1);
    }

    [Theory]
    [InlineData("hosting request scope", "Microsoft.AspNetCore.Hosting.Diagnostics", false)]
    [InlineData("yarp scope", "Yarp.ReverseProxy.Forwarder.HttpForwarder", false)]
    [InlineData("our own scope", "Wharf.Network.Ingress.Proxy", true)]
    public void ChattyFrameworkCategoriesOpenNoScope(string _, string category, bool opens)
    {
        var inner = new RecordingFactory();

        using (new QuietLoggerFactory(inner).CreateLogger(category).BeginScope("request"))
        {
        }

        Assert.Equal(opens, inner.Scopes.Count == 1);
    }
}
