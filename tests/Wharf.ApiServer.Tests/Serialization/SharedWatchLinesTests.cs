using Wharf.ApiServer.Serialization;
using Wharf.Storage;

namespace Wharf.ApiServer.Tests.Serialization;

/// <summary>One encoding per (stored object, encoding, type), reused by every watcher; anything else encodes again.</summary>
public sealed class SharedWatchLinesTests
{
    private static StoredObject Stored(long revision) => new("/registry/core/configmaps/default/a", "{}"u8.ToArray(), revision, 1);

    [Fact]
    public void GetOrAdd_SameObjectEncodingAndType_EncodesOnceAndSharesTheBytes()
    {
        var lines = new SharedWatchLines<byte[]>();
        var stored = Stored(5);
        var calls = 0;

        var first = lines.GetOrAdd(stored, "v1/ConfigMap", "ADDED", 0, _ => { calls++; return [1, 2, 3]; });
        var second = lines.GetOrAdd(stored, "v1/ConfigMap", "ADDED", 0, _ => { calls++; return [9]; });

        Assert.Equal(1, calls);
        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("other encoding", "v1/ConfigMap;as=PartialObjectMetadata;v=v1", "ADDED", false)]
    [InlineData("other type", "v1/ConfigMap", "MODIFIED", false)]
    [InlineData("equal but distinct stored object", "v1/ConfigMap", "ADDED", true)]
    public void GetOrAdd_AnyKeyPartDiffers_EncodesAgain(string label, string encoding, string type, bool newObject)
    {
        _ = label;
        var lines = new SharedWatchLines<byte[]>();
        var stored = Stored(5);
        lines.GetOrAdd(stored, "v1/ConfigMap", "ADDED", 0, _ => [1]);

        var line = lines.GetOrAdd(newObject ? Stored(5) : stored, encoding, type, 0, _ => [2]);

        Assert.Equal([2], line);
    }

    [Fact]
    public void GetOrAdd_OneSlot_KeepsTheLatestAndStaysCorrectOnCollisions()
    {
        var lines = new SharedWatchLines<byte[]>(slots: 1);
        StoredObject a = Stored(1), b = Stored(2);

        Assert.Equal([1], lines.GetOrAdd(a, "e", "ADDED", 0, _ => [1]));
        Assert.Equal([2], lines.GetOrAdd(b, "e", "ADDED", 0, _ => [2]));
        Assert.Equal([3], lines.GetOrAdd(a, "e", "ADDED", 0, _ => [3]));
        Assert.Equal([3], lines.GetOrAdd(a, "e", "ADDED", 0, _ => [4]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void New_SlotCountNotAPowerOfTwo_IsRejected(int slots)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SharedWatchLines<byte[]>(slots));
    }
}
