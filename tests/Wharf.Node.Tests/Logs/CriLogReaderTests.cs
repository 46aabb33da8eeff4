using Wharf.Node.Logs;

namespace Wharf.Node.Tests.Logs;

public sealed class CriLogReaderTests
{
    [Fact]
    public void ReadLines_JoinsPartialsPerStream_AndSkipsGarbage()
    {
        const string log =
            "2024-01-01T00:00:00.000000001Z stdout P hel\n" +
            "2024-01-01T00:00:00.000000002Z stderr F boom\n" +
            "garbage cut by rotation\n" +
            "2024-01-01T00:00:00.000000003Z stdout P lo \n" +
            "2024-01-01T00:00:00.000000004Z stdout F world\n" +
            "2024-01-01T00:00:00.000000005Z stdout F next\n";

        var lines = CriLogReader.ReadLines(new StringReader(log)).ToList();

        Assert.Equal(
            [(CriLogStream.Stderr, "boom"), (CriLogStream.Stdout, "hello world"), (CriLogStream.Stdout, "next")],
            lines.Select(l => (l.Stream, l.Content)));
        Assert.Equal("2024-01-01T00:00:00.000000001Z", lines[1].RawTimestamp);
        Assert.All(lines, l => Assert.False(l.Partial));
    }

    [Fact]
    public void ReadLines_UnfinishedPartialAtEnd_IsReturnedAsPartial()
    {
        var lines = CriLogReader.ReadLines(new StringReader("2024-01-01T00:00:00Z stdout P still writing\n")).ToList();

        var line = Assert.Single(lines);
        Assert.Equal(("still writing", true), (line.Content, line.Partial));
    }
}
