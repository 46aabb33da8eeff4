using Wharf.Node.Logs;

namespace Wharf.Node.Tests.Logs;

public sealed class CriLogParserTests
{
    [Theory]
    [InlineData("full stdout line", "2016-10-06T00:17:09.669794202Z stdout F log content", CriLogStream.Stdout, false, "log content")]
    [InlineData("partial stderr line", "2016-10-06T00:17:09.669794202Z stderr P first half", CriLogStream.Stderr, true, "first half")]
    [InlineData("empty content keeps the separator", "2016-10-06T00:17:09.669794202Z stdout F ", CriLogStream.Stdout, false, "")]
    [InlineData("no content at all", "2016-10-06T00:17:09.669794202Z stdout F", CriLogStream.Stdout, false, "")]
    [InlineData("content with spaces and tabs", "2016-10-06T00:17:09.669794202Z stdout F a  b\tc ", CriLogStream.Stdout, false, "a  b\tc ")]
    [InlineData("extra tags after the marker", "2016-10-06T00:17:09.669794202Z stdout P:x log", CriLogStream.Stdout, true, "log")]
    [InlineData("trailing newline is not content", "2016-10-06T00:17:09Z stdout F done\n", CriLogStream.Stdout, false, "done")]
    public void TryParse_ValidLine_ReturnsFields(string name, string line, CriLogStream stream, bool partial, string content)
    {
        Assert.True(CriLogParser.TryParse(line, out var parsed), name);
        Assert.Equal((stream, partial, content), (parsed.Stream, parsed.Partial, parsed.Content));
        Assert.Equal(line.Split(' ')[0], parsed.RawTimestamp);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("no stream", "2016-10-06T00:17:09.669794202Z")]
    [InlineData("unknown stream", "2016-10-06T00:17:09.669794202Z stdin F x")]
    [InlineData("unknown tag", "2016-10-06T00:17:09.669794202Z stdout X x")]
    [InlineData("bad timestamp", "yesterday stdout F x")]
    [InlineData("ten fractional digits", "2016-10-06T00:17:09.6697942021Z stdout F x")]
    [InlineData("plain docker json line", "{\"log\":\"x\",\"stream\":\"stdout\"}")]
    public void TryParse_InvalidLine_ReturnsFalse(string name, string line)
    {
        Assert.False(CriLogParser.TryParse(line, out _), name);
    }

    [Theory]
    [InlineData("nanoseconds truncate to ticks", "2016-10-06T00:17:09.669794202Z", 6697942L, 0)]
    [InlineData("no fraction", "2016-10-06T00:17:09Z", 0L, 0)]
    [InlineData("one fractional digit", "2016-10-06T00:17:09.5Z", 5000000L, 0)]
    [InlineData("offset", "2016-10-06T02:17:09.1+02:00", 1000000L, 120)]
    public void TryParseTimestamp_Rfc3339Nano_ReturnsExactInstant(string name, string text, long fractionTicks, int offsetMinutes)
    {
        var expected = new DateTimeOffset(2016, 10, 6, 0, 17, 9, TimeSpan.Zero).AddTicks(fractionTicks);

        Assert.True(CriLogParser.TryParseTimestamp(text, out var timestamp), name);
        Assert.Equal((expected.UtcTicks, TimeSpan.FromMinutes(offsetMinutes)), (timestamp.UtcTicks, timestamp.Offset));
    }

    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        var time = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567);
        var line = CriLogParser.Format(time, CriLogStream.Stderr, partial: true, "payload");

        Assert.Equal("2025-03-04T05:06:07.123456700Z stderr P payload", line);
        Assert.True(CriLogParser.TryParse(line, out var parsed));
        Assert.Equal((time, CriLogStream.Stderr, true, "payload"), (parsed.Timestamp, parsed.Stream, parsed.Partial, parsed.Content));
    }
}
