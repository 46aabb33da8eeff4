using Wharf.Storage.Caching;

namespace Wharf.Storage.Tests.Caching;

public sealed class SortedObjectIndexTests
{
    [Theory]
    [InlineData("few keys, one chunk", 50, 1, 3)]
    [InlineData("many operations on a few hundred keys", 5000, 2, 3)]
    [InlineData("many operations, other seed", 3000, 3, 3)]
    [InlineData("thousands of keys: chunks split, and their keys with them", 12000, 4, 5)]
    public void RandomOperations_MatchASortedReference(string name, int operations, int seed, int maxKeyChars)
    {
        _ = name;
        var random = new Random(seed);
        var index = new SortedObjectIndex();
        var reference = new SortedDictionary<string, StoredObject>(Comparer<string>.Create(KeyRange.CompareUtf8));
        string[] alphabet = ["a", "b", "/", "0", "\u00e9", "\ue000", "\U0001F600"];
        for (var revision = 1; revision <= operations; revision++)
        {
            var key = "/i/" + string.Concat(Enumerable.Range(0, random.Next(1, maxKeyChars + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            if (random.Next(4) == 0)
            {
                Assert.Equal(reference.Remove(key), index.Remove(key));
            }
            else
            {
                var item = new StoredObject(key, new byte[] { 1 }, revision, revision);
                reference[key] = item;
                index.Set(item);
            }
        }

        Assert.Equal(reference.Count, index.Count);
        Assert.Equal(reference.Values, index.Scan(new KeyRange("")));
        Assert.Equal(reference.Values.Where(o => o.Key.StartsWith("/i/a", StringComparison.Ordinal)), index.Scan(new KeyRange("/i/a")));
        var middle = reference.Keys.ElementAt(reference.Count / 2);
        Assert.Equal(reference.Values.SkipWhile(o => o.Key != middle).Skip(1), index.Scan(new KeyRange("/i/"), middle));
        Assert.All(reference, pair => Assert.Same(pair.Value, index.Get(pair.Key)));
    }

    [Fact]
    public void Scan_OfAnEmptyIndexOrMissingPrefix_IsEmpty()
    {
        var index = new SortedObjectIndex();
        Assert.Empty(index.Scan(new KeyRange("/a/")));
        index.Set(new StoredObject("/b/x", Array.Empty<byte>(), 1, 1));

        Assert.Empty(index.Scan(new KeyRange("/a/")));
        Assert.Empty(index.Scan(new KeyRange("/c/")));
        Assert.Null(index.Get("/a/x"));
    }
}
