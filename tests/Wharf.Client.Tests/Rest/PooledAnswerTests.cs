using System.Net;
using Wharf.Client.Rest;

namespace Wharf.Client.Tests.Rest;

public sealed class PooledAnswerTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(4095, false)]
    [InlineData(4096, false)]
    [InlineData(4097, false)]
    [InlineData(100_000, true)]
    [InlineData(100_000, false)]
    [InlineData(PooledAnswer.MaxPooledLength + 10, true)]
    [InlineData(PooledAnswer.MaxPooledLength + 10, false)]
    public async Task ReadAsync_ReadsTheWholeBody(int length, bool withLength)
    {
        var body = new byte[length];
        new Random(length).NextBytes(body);
        // A stream that hands out a few bytes at a time, as a socket does, and may not say how long it is.
        var content = new StreamContent(new TrickleStream(body));
        if (withLength) content.Headers.ContentLength = length;
        else content.Headers.ContentLength = null;

        using var answer = await PooledAnswer.ReadAsync(content, CancellationToken.None);

        Assert.Equal(body, answer.Span.ToArray());
    }

    [Fact]
    public async Task ReadAsync_OfABodyLongerThanItsLength_ReadsAllOfIt()
    {
        var body = new byte[10_000];
        new Random(1).NextBytes(body);
        var content = new StreamContent(new TrickleStream(body));
        content.Headers.ContentLength = 100;

        using var answer = await PooledAnswer.ReadAsync(content, CancellationToken.None);

        Assert.Equal(body, answer.Span.ToArray());
    }

    [Fact]
    public async Task ReadAsync_PassesTheStreamsFailureOn()
    {
        var content = new StreamContent(new TrickleStream(new byte[10_000], failAfter: 5_000));
        await Assert.ThrowsAsync<IOException>(() => PooledAnswer.ReadAsync(content, CancellationToken.None));
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var answer = PooledAnswer.ReadAsync(new ByteArrayContent([1, 2, 3]), CancellationToken.None).GetAwaiter().GetResult();
        answer.Dispose();
        answer.Dispose();
        Assert.True(answer.Span.IsEmpty);
    }

    private sealed class TrickleStream(byte[] data, int failAfter = int.MaxValue) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter) throw new IOException("connection reset");
            return base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
