using Wharf.Client.Cache;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Cache;

public class ThreadSafeStoreTests
{
    [Fact]
    public void NamespaceIndex_FollowsAddsAndRemoves()
    {
        var store = new ThreadSafeStore();
        store.Upsert("a/one", Objects.ConfigMap("a", "one"));
        store.Upsert("a/two", Objects.ConfigMap("a", "two"));
        store.Upsert("b/one", Objects.ConfigMap("b", "one"));
        Assert.Equal(2, store.ByIndex(Indexers.Namespace, "a").Count);
        store.Remove("a/one");
        Assert.Equal(["two"], store.ByIndex(Indexers.Namespace, "a").Select(o => o["metadata"]!["name"]!.ToString()));
        store.Remove("a/two");
        Assert.Empty(store.ByIndex(Indexers.Namespace, "a"));
        Assert.Single(store.ByIndex(Indexers.Namespace, "b"));
    }

    [Fact]
    public void CustomIndex_IsRebuiltOnUpdateAndOverExistingItems()
    {
        var store = new ThreadSafeStore();
        store.Upsert("a/one", Objects.ConfigMap("a", "one", value: "red"));
        store.AddIndexer("byValue", o => [o["data"]!["k"]!.ToString()]);
        Assert.Single(store.ByIndex("byValue", "red"));
        store.Upsert("a/one", Objects.ConfigMap("a", "one", value: "blue"));
        Assert.Empty(store.ByIndex("byValue", "red"));
        Assert.Single(store.ByIndex("byValue", "blue"));
    }

    [Theory]
    [InlineData("namespaced", "ns", "name", "ns/name")]
    [InlineData("cluster-scoped", null, "node-1", "node-1")]
    public void CacheKeys_RoundTrip(string name, string? ns, string objName, string key)
    {
        _ = name;
        Assert.Equal(key, CacheKeys.For(ns, objName));
        Assert.Equal((ns, objName), CacheKeys.Split(key));
    }
}
