using Microsoft.Extensions.Logging;
using Wharf.Node.Agent.Logging;

namespace Wharf.Node.Tests.Agent.Logging;

public sealed class SingleLineConsoleLoggerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 15, 4, 5, 678, TimeSpan.FromHours(2));

    [Theory]
    [InlineData("information", LogLevel.Information, "node ready", "2026-11-26T13:04:05.678Z info: wharf.agent[7] node ready")]
    [InlineData("warning", LogLevel.Warning, "slow", "2026-11-26T13:04:05.678Z warn: wharf.agent[7] slow")]
    [InlineData("error is fail", LogLevel.Error, "broken", "2026-11-26T13:04:05.678Z fail: wharf.agent[7] broken")]
    [InlineData("debug", LogLevel.Debug, "detail", "2026-11-26T13:04:05.678Z dbug: wharf.agent[7] detail")]
    [InlineData("line breaks become spaces", LogLevel.Information, "a\nb", "2026-11-26T13:04:05.678Z info: wharf.agent[7] a b")]
    public void Writes_the_simple_console_formatters_single_line(string name, LogLevel level, string message, string expected)
    {
        _ = name;
        var written = Log(level, message, null);

        Assert.Equal(expected + Environment.NewLine, written);
    }

    [Fact]
    public void Exception_follows_the_message_on_the_same_line()
    {
        var written = Log(LogLevel.Error, "failed", new InvalidOperationException("bad\nstate"));

        Assert.Equal("2026-11-26T13:04:05.678Z fail: wharf.agent[7] failed System.InvalidOperationException: bad state" + Environment.NewLine, written);
    }

    [Fact]
    public void Factory_filters_levels_below_its_minimum()
    {
        var output = new StringWriter();
        using var factory = new LoggerFactory([new SingleLineConsoleLoggerProvider(output, new FixedTime(At))],
            new LoggerFilterOptions { MinLevel = LogLevel.Information });
        var log = factory.CreateLogger("wharf.agent");

        log.LogDebug("hidden");
        log.LogInformation("shown");

        Assert.Equal("2026-11-26T13:04:05.678Z info: wharf.agent[0] shown" + Environment.NewLine, output.ToString());
    }

    private static string Log(LogLevel level, string message, Exception? exception)
    {
        var output = new StringWriter();
        var logger = new SingleLineConsoleLoggerProvider(output, new FixedTime(At)).CreateLogger("wharf.agent");
        logger.Log(level, new EventId(7), message, exception, (m, _) => m);
        return output.ToString();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
