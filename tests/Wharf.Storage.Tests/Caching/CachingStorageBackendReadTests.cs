using Wharf.Storage.Caching;
using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests.Caching;

public sealed class CachingStorageBackendReadTests
{
    public static TheoryData<string> WriteKinds => new() { "create", "update", "delete" };

    [Theory]
    [MemberData(nameof(WriteKinds))]
    public async Task Reads_RightAfterAWrite_SeeIt(string kind)
    {
        await using var s = await CachedStore.OpenAsync();
        var cache = s.Cache;
        for (var i = 0; i < 100; i++)
        {
            var key = $"/ryw/{i:D3}";
            var created = await cache.CreateAsync(key, Bytes("v0"));
            StoredObject? expected = kind switch
            {
                "create" => created,
                "update" => await cache.UpdateAsync(key, Bytes($"v{i}"), created.ModRevision),
                _ => await cache.DeleteAsync(key, created.ModRevision).ContinueWith(_ => (StoredObject?)null),
            };

            // No waiting between the write and the reads: each read must already include the write.
            var got = await cache.GetAsync(key);
            var list = await cache.ListAsync("/ryw/");
            var count = await cache.CountAsync("/ryw/");

            Assert.Equal(Describe(expected), Describe(got));
            Assert.Equal(expected is not null, list.Items.Any(o => o.Key == key));
            Assert.True(list.Revision >= (expected?.ModRevision ?? s.Store.CurrentRevision));
            Assert.Equal(kind == "delete" ? 0 : i + 1, count);
        }
    }

    [Fact]
    public async Task Reads_WhenLive_AreAnsweredFromMemory()
    {
        await using var s = await CachedStore.OpenAsync(seed: async store =>
        {
            for (var i = 0; i < 50; i++)
            {
                await store.CreateAsync($"/mem/{i:D2}", Bytes($"{i}"));
            }
        });
        await s.Cache.CreateAsync("/mem/new", Bytes("new"));
        await Eventually.TrueAsync(() => s.Cache.IsLive, "cache live");
        var (gets, lists, counts) = (s.Inner.Gets, s.Inner.Lists, s.Inner.Counts);

        var got = await s.Cache.GetAsync("/mem/new");
        var list = await s.Cache.ListAsync("/mem/", limit: 10);
        var next = await s.Cache.ListAsync("/mem/", list.Revision, list.Items[^1].Key, 10);
        var count = await s.Cache.CountAsync("/mem/");

        Assert.Equal("new", Text(got!));
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"/mem/{i:D2}"), next.Items.Select(o => o.Key));
        Assert.Equal(51, count);
        Assert.Equal(51, s.Cache.CachedObjectCount);
        Assert.Equal(s.Store.CurrentRevision, s.Cache.CacheRevision);
        Assert.Equal((gets, lists, counts), (s.Inner.Gets, s.Inner.Lists, s.Inner.Counts));
    }

    [Fact]
    public async Task ListAsync_AtAnOlderRevision_IsAnsweredByTheInnerStore()
    {
        await using var s = await CachedStore.OpenAsync();
        var a1 = await s.Cache.CreateAsync("/old/a", Bytes("a1"));
        await s.Cache.UpdateAsync("/old/a", Bytes("a2"), a1.ModRevision);
        await s.Cache.CreateAsync("/old/b", Bytes("b1"));
        // The cache answers a revision that is still its newest itself (rightly): let it see the later writes first.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (s.Cache.CacheRevision < s.Store.CurrentRevision && DateTime.UtcNow < deadline) await Task.Delay(5);
        var lists = s.Inner.Lists;

        var then = await s.Cache.ListAsync("/old/", a1.ModRevision);

        Assert.Equal([("/old/a", "a1")], then.Items.Select(o => (o.Key, Text(o))));
        Assert.Equal(a1.ModRevision, then.Revision);
        Assert.Equal(lists + 1, s.Inner.Lists);
    }

    [Fact]
    public async Task ListAsync_AtAFutureRevision_ThrowsAsTheInnerStoreDoes()
    {
        await using var s = await CachedStore.OpenAsync();
        await s.Cache.CreateAsync("/f/a", Bytes("a"));

        await Assert.ThrowsAsync<FutureRevisionException>(() => s.Cache.ListAsync("/f/", s.Store.CurrentRevision + 5));
    }

    public static TheoryData<string, string, int> PagingCases => new()
    {
        { "whole store, pages of 7", "", 7 },
        { "collection prefix, pages of 1", "/k/", 1 },
        { "collection prefix, pages of 5", "/k/", 5 },
        { "collection prefix, no limit", "/k/", 0 },
        { "bare prefix also matches siblings", "/k", 4 },
        { "prefix without keys", "/none/", 3 },
    };

    [Theory]
    [MemberData(nameof(PagingCases))]
    public async Task ListAsync_PagingThroughTheCache_EqualsTheInnerStore(string name, string prefix, int limit)
    {
        _ = name;
        // Surrogate pairs and U+E000.. sort differently in UTF-16 and UTF-8; the cache must use the store's order.
        string[] keys =
        [
            "/k/a", "/k/a/b", "/k/a0", "/k/b", "/k/\u00e9", "/k/\ue000", "/k/\U0001F600", "/k/\uffff", "/k/Z",
            "/kk/x", "/k", "/j/a", "/l/a", "/k/a/b/c", "/k/ab", "/k/a-b", "/k/a.b",
        ];
        await using var s = await CachedStore.OpenAsync(seed: async store =>
        {
            foreach (var key in keys.Take(9))
            {
                await store.CreateAsync(key, Bytes(key));
            }
        });
        foreach (var key in keys.Skip(9))
        {
            await s.Cache.CreateAsync(key, Bytes(key));
        }

        await s.Cache.UpdateAsync("/k/b", Bytes("changed"), 0);
        await s.Cache.DeleteAsync("/k/a0", 0);

        var cached = await PageAllAsync(s.Cache, prefix, limit);
        var direct = await PageAllAsync(s.Store, prefix, limit);

        Assert.Equal(Describe(direct), Describe(cached));
        Assert.NotEmpty(cached);
    }

    [Theory]
    [InlineData("before the prefix", "/a")]
    [InlineData("inside the prefix", "/k/a0")]
    [InlineData("after the prefix", "/z")]
    [InlineData("a key that does not exist", "/k/aa")]
    public async Task ListAsync_StartAfterKey_EqualsTheInnerStore(string name, string startAfterKey)
    {
        _ = name;
        await using var s = await CachedStore.OpenAsync();
        foreach (var key in new[] { "/k/a", "/k/a0", "/k/ab", "/k/b", "/k/c" })
        {
            await s.Cache.CreateAsync(key, Bytes(key));
        }

        var cached = await s.Cache.ListAsync("/k/", 0, startAfterKey, 2);
        var direct = await s.Store.ListAsync("/k/", 0, startAfterKey, 2);

        Assert.Equal(Describe([direct]), Describe([cached]));
    }

    private static async Task<List<ListResult>> PageAllAsync(IStorageBackend store, string prefix, int limit)
    {
        var pages = new List<ListResult> { await store.ListAsync(prefix, 0, null, limit) };
        while (pages[^1].HasMore)
        {
            pages.Add(await store.ListAsync(prefix, pages[^1].Revision, pages[^1].Items[^1].Key, limit));
        }

        return pages;
    }

    private static string Describe(StoredObject? item) => item is null ? "(none)" : $"{item.Key}={Text(item)}@{item.ModRevision}/{item.CreateRevision}";

    private static List<string> Describe(List<ListResult> pages) =>
        pages.Select(p => $"rev={p.Revision} more={p.HasMore}: " + string.Join(", ", p.Items.Select(Describe))).ToList();
}
