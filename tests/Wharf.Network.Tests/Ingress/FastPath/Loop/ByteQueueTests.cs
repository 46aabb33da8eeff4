using System.Buffers;
using Wharf.Network.Ingress.FastPath.Loop;

namespace Wharf.Network.Tests.Ingress.FastPath.Loop;

public sealed class ByteQueueTests
{
    [Theory]
    [InlineData("room at the end", 10, 4, 64 - 10)]
    [InlineData("consumed front reused before growing", 62, 60, 64 - 2)]
    [InlineData("full buffer grows", 64, 0, 64)]
    public void FreeSpaceKeepsWhatIsUnconsumedAndOffersAtLeastAReadsWorth(string _, int written, int consumed, int expectedSpace)
    {
        var queue = new ByteQueue(64);
        Fill(queue, written);
        queue.Consume(consumed);

        var space = queue.FreeSpace(1024);

        Assert.Equal(expectedSpace, space.Length);
        Assert.Equal(Expected(written)[consumed..], queue.Data.ToArray());
    }

    [Theory]
    [InlineData("limit reached", 100, 100, 0)]
    [InlineData("limit near", 100, 90, 10)]
    public void FreeSpaceStopsAtTheLimit(string _, int limit, int written, int expectedSpace)
    {
        var queue = new ByteQueue(256);
        Fill(queue, written);

        Assert.Equal(expectedSpace, queue.FreeSpace(limit).Length);
    }

    [Fact]
    public void WritingMoreThanFitsGrowsAndConsumingAllStartsOver()
    {
        var queue = new ByteQueue(8);
        queue.Write(Expected(100));
        Assert.Equal(Expected(100), queue.Data.ToArray());

        queue.Consume(100);

        Assert.True(queue.IsEmpty);
        Assert.Equal(8, queue.FreeSpace(8).Length);
    }

    private static void Fill(ByteQueue queue, int count) => queue.Write(Expected(count));

    private static byte[] Expected(int count) => Enumerable.Range(0, count).Select(i => (byte)i).ToArray();
}
