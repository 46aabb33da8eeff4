using Microsoft.Extensions.Logging;
using Wharf.Node.Agent.Logging;

namespace Wharf.Cli;

/// <summary>
/// The agent's logger factory, in <see cref="Logging"/>'s format but built without <c>LoggerFactory.Create</c>: that
/// one builds a dependency-injection container, reads logging configuration and starts the console logger's queue
/// thread, which loads Microsoft.Extensions.DependencyInjection, Configuration, Options.ConfigurationExtensions and
/// Logging.Console (their file pages and types) into an agent whose only use of them is this one factory.
/// </summary>
internal static class AgentLogging
{
    public static ILoggerFactory Create(bool debug) =>
        new LoggerFactory([new SingleLineConsoleLoggerProvider(Console.Out)],
            new LoggerFilterOptions { MinLevel = debug ? LogLevel.Debug : LogLevel.Information });
}
