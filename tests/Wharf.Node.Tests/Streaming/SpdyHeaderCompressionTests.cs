using Wharf.Node.Spdy;

namespace Wharf.Node.Tests.Streaming;

public sealed class SpdyHeaderCompressionTests
{
    // Three header blocks of one connection direction as zlib (level 9, SPDY/3 dictionary, sync flush after each)
    // compresses them: port-forward's error and data stream headers, then an empty block.
    private const string ErrorStreamFrame = "78f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45e01c6061606100a4398b20d198094ade8c0600000000ffff";
    private const string DataStreamFrame = "c2aa19540e2512d60b000000ffff";
    private const string EmptyFrame = "02120c00000000ffff";

    [Fact]
    public void Dictionary_is_the_spdy3_one()
    {
        Assert.Equal(1423, SpdyHeaderDictionary.Bytes.Length);
        Assert.Equal(0xe3c6a7c2u, SpdyHeaderCompressor.Adler32(SpdyHeaderDictionary.Bytes));
    }

    [Fact]
    public void Decompressor_reads_consecutive_blocks_that_reference_the_dictionary_and_each_other()
    {
        using var decompressor = new SpdyHeaderDecompressor();

        var first = decompressor.Decompress(Convert.FromHexString(ErrorStreamFrame));
        var second = decompressor.Decompress(Convert.FromHexString(DataStreamFrame));
        var third = decompressor.Decompress(Convert.FromHexString(EmptyFrame));

        Assert.Equal(new Dictionary<string, string> { ["streamtype"] = "error", ["port"] = "8080", ["requestid"] = "0" }, first);
        Assert.Equal(new Dictionary<string, string> { ["streamtype"] = "data", ["port"] = "8080", ["requestid"] = "0" }, second);
        Assert.Empty(third);
    }

    [Theory]
    [InlineData("one header", 1, 10)]
    [InlineData("many headers", 20, 10)]
    [InlineData("a value over one stored block", 1, 70_000)]
    public void Compressor_output_reads_back_block_after_block(string name, int count, int valueLength)
    {
        _ = name;
        var compressor = new SpdyHeaderCompressor();
        using var decompressor = new SpdyHeaderDecompressor();
        for (var round = 0; round < 3; round++)
        {
            var headers = Enumerable.Range(0, count).ToDictionary(i => $"h{round}-{i}", i => new string((char)('a' + i % 26), valueLength));
            var block = compressor.Compress(SpdyHeaderBlock.Encode(headers));
            Assert.Equal(headers, decompressor.Decompress(block));
        }
    }

    [Fact]
    public void Truncated_block_is_a_protocol_error()
    {
        using var decompressor = new SpdyHeaderDecompressor();
        var frame = Convert.FromHexString(ErrorStreamFrame);

        Assert.Throws<SpdyProtocolException>(() => decompressor.Decompress(frame.AsMemory(0, frame.Length - 12)));
    }
}
