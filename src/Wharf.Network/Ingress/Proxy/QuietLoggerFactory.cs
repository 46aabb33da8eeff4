using Microsoft.Extensions.Logging;

namespace Wharf.Network.Ingress.Proxy;

/// <summary>
/// The host's logger factory for the proxy's own ASP.NET Core and YARP internals, raised to Warning: both log every
/// request at Information ("Request starting", "Proxying to"), which would flood the host's log and cost throughput.
/// </summary>
internal sealed class QuietLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private static readonly string[] ChattyPrefixes = ["Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Yarp"];

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return ChattyPrefixes.Any(p => categoryName.StartsWith(p, StringComparison.Ordinal)) ? new MinimumLevelLogger(logger, LogLevel.Warning) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The host owns the inner factory; disposing this wrapper leaves it alone.</summary>
    public void Dispose()
    {
    }
}
