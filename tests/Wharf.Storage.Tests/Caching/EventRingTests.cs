using Wharf.Storage.Caching;

namespace Wharf.Storage.Tests.Caching;

public sealed class EventRingTests
{
    [Theory]
    [InlineData("not yet full", 10, 6, 0)]
    [InlineData("exactly full", 6, 6, 0)]
    [InlineData("wrapped once", 4, 6, 2)]
    [InlineData("wrapped many times", 3, 20, 17)]
    public void StartRevision_IsTheNewestEvictedRevision(string name, int capacity, int events, long expectedStart)
    {
        _ = name;
        var ring = new EventRing(capacity);
        ring.Reset(0);
        for (var revision = 1; revision <= events; revision++)
        {
            ring.Add(Event($"/r/{revision}", revision));
        }

        Assert.Equal(expectedStart, ring.StartRevision);
        Assert.Equal(Enumerable.Range((int)expectedStart + 1, events - (int)expectedStart).Select(r => (long)r), ring.After(new KeyRange(""), expectedStart).Select(e => e.Object.ModRevision));
    }

    [Fact]
    public void After_FiltersByRangeAndRevision()
    {
        var ring = new EventRing(8);
        ring.Reset(100);
        for (var revision = 101; revision <= 110; revision++)
        {
            ring.Add(Event(revision % 2 == 0 ? $"/even/{revision}" : $"/odd/{revision}", revision));
        }

        Assert.Equal([106L, 108, 110], ring.After(new KeyRange("/even/"), 104).Select(e => e.Object.ModRevision));
        Assert.Empty(ring.After(new KeyRange("/odd/"), 110));
    }

    private static WatchEvent Event(string key, long revision) =>
        new(WatchEventType.Created, new StoredObject(key, Array.Empty<byte>(), revision, revision), null);
}
