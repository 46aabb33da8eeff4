using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Network.Ingress.Proxy;

/// <summary>
/// The host's logger factory for the proxy's own ASP.NET Core and YARP internals, raised to Warning: both log every
/// request at Information ("Request starting", "Proxying to"), which would flood the host's log and cost throughput.
/// The hosting layer's per-request category is silenced outright: while it is enabled at any level, ASP.NET Core
/// starts an Activity and a log scope for every request, a sizeable share of a proxied request's cost. Application
/// errors are still logged, under Kestrel's category.
/// </summary>
internal sealed class QuietLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string PerRequestHosting = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private static readonly string[] ChattyPrefixes = ["Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Yarp"];

    public ILogger CreateLogger(string categoryName)
    {
        if (categoryName == PerRequestHosting) return NullLogger.Instance;
        var logger = inner.CreateLogger(categoryName);
        return ChattyPrefixes.Any(p => categoryName.StartsWith(p, StringComparison.Ordinal)) ? new MinimumLevelLogger(logger, LogLevel.Warning) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The host owns the inner factory; disposing this wrapper leaves it alone.</summary>
    public void Dispose()
    {
    }
}
