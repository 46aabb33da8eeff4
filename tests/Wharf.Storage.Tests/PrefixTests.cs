using static Wharf.Storage.Tests.TempStore;

namespace Wharf.Storage.Tests;

/// <summary>Prefixes match as plain ordinal string prefixes (like etcd); a collection prefix must end with '/'.</summary>
public sealed class PrefixTests
{
    private static readonly string[] Keys =
    [
        "/registry/pods/default/web",
        "/registry/pods/kube-system/dns",
        "/registry/podtemplates/default/tpl",
        "/registry/a_b/x",
        "/registry/aXb/x",
        "/registry/a%/x",
    ];

    [Theory]
    [InlineData("pods collection", "/registry/pods/", new[] { "/registry/pods/default/web", "/registry/pods/kube-system/dns" })]
    [InlineData("podtemplates collection", "/registry/podtemplates/", new[] { "/registry/podtemplates/default/tpl" })]
    [InlineData("no trailing slash also matches longer names", "/registry/pod", new[] { "/registry/pods/default/web", "/registry/pods/kube-system/dns", "/registry/podtemplates/default/tpl" })]
    [InlineData("underscore is not a wildcard", "/registry/a_b/", new[] { "/registry/a_b/x" })]
    [InlineData("percent is not a wildcard", "/registry/a%", new[] { "/registry/a%/x" })]
    [InlineData("one namespace", "/registry/pods/default/", new[] { "/registry/pods/default/web" })]
    [InlineData("nothing under it", "/registry/services/", new string[0])]
    public async Task ListCountAndWatch_SeeExactlyTheKeysUnderThePrefix(string name, string prefix, string[] expected)
    {
        _ = name;
        await using var temp = await TempStore.OpenAsync();
        foreach (var key in Keys)
        {
            await temp.Store.CreateAsync(key, Bytes(key));
        }

        var listed = (await temp.Store.ListAsync(prefix)).Items.Select(i => i.Key);
        var counted = await temp.Store.CountAsync(prefix);
        var watched = (await WatchCollector.TakeAsync(temp.Store.WatchAsync(prefix, 0), expected.Length)).Select(e => e.Object.Key);

        Assert.Equal(expected.Order(StringComparer.Ordinal), listed);
        Assert.Equal(expected.Length, counted);
        Assert.Equal(expected.Order(StringComparer.Ordinal), watched.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LiveWatch_OnPods_IgnoresPodTemplates()
    {
        await using var temp = await TempStore.OpenAsync();
        var watching = WatchCollector.TakeAsync(temp.Store.WatchAsync("/registry/pods/", 0), 2);

        await temp.Store.CreateAsync("/registry/podtemplates/default/t", Bytes("t"));
        await temp.Store.CreateAsync("/registry/pods/default/p1", Bytes("p"));
        await temp.Store.CreateAsync("/registry/podtemplates/default/u", Bytes("t"));
        await temp.Store.CreateAsync("/registry/pods/default/p2", Bytes("p"));

        Assert.Equal(["/registry/pods/default/p1", "/registry/pods/default/p2"], (await watching).Select(e => e.Object.Key));
    }

    [Fact]
    public async Task EmptyPrefix_SeesEveryKey()
    {
        await using var temp = await TempStore.OpenAsync();
        foreach (var key in Keys)
        {
            await temp.Store.CreateAsync(key, Bytes(key));
        }

        Assert.Equal(Keys.Length, (await temp.Store.ListAsync("")).Items.Count);
    }
}
