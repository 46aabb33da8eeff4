using System.Text;
using Wharf.Client.Rest;

namespace Wharf.Client.Tests.Rest;

public sealed class WatchLineReaderTests
{
    /// <summary>A stream that hands out at most a few bytes per read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], ct);
    }

    [Theory]
    [InlineData("one byte per read", 1)]
    [InlineData("three bytes per read", 3)]
    [InlineData("whole reads", 1 << 20)]
    public async Task Lines_AreSplitAtNewlines_WhateverTheReadSizes(string name, int chunk)
    {
        _ = name;
        var longLine = new string('x', 40_000); // longer than the reader's first buffer
        var text = "{\"a\":1}\n\n{\"b\":2}\r\n" + longLine + "\n{\"last\":true}";
        var lines = new WatchLineReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk));
        var seen = new List<string>();
        while (await lines.ReadLineAsync(CancellationToken.None) is { } line)
            seen.Add(Encoding.UTF8.GetString(line.Span));
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", longLine, "{\"last\":true}"], seen);
    }
}
