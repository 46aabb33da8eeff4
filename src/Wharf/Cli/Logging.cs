using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Wharf.Cli;

/// <summary>One log format for every component: UTC timestamp, level, component (logger category), message.</summary>
internal static class Logging
{
    public static void Configure(ILoggingBuilder builder, bool debug)
    {
        builder.ClearProviders();
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.SetMinimumLevel(debug ? LogLevel.Debug : LogLevel.Information);
        if (!debug)
        {
            builder.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        }
    }
}
