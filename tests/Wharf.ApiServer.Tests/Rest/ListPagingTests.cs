using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>limit/continue paging over the store, including the 410 for a compacted continue token.</summary>
public sealed class ListPagingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task SeedAsync(StoreHarness h, params string[] names)
    {
        foreach (var name in names)
            await h.CreateAsync("configmaps", "default", $"{{'metadata':{{'name':'{name}'}}}}");
    }

    private static string[] Names(ListPage page) => page.Items.Select(i => (string)i["metadata"]!["name"]!).ToArray();

    [Fact]
    public async Task List_WithLimit_PagesThroughEverythingAtOneRevision()
    {
        await using var h = await StoreHarness.OpenAsync();
        await SeedAsync(h, "a", "b", "c", "d", "e");
        var kind = h.Kind("configmaps");

        var first = await h.Store.ListAsync(kind, "default", new ListOptions { Limit = 2 }, None);
        await SeedAsync(h, "bb"); // written between pages: not part of this consistent list
        var second = await h.Store.ListAsync(kind, "default", new ListOptions { Limit = 2, Continue = first.Continue }, None);
        var third = await h.Store.ListAsync(kind, "default", new ListOptions { Limit = 2, Continue = second.Continue }, None);

        Assert.Equal(["a", "b"], Names(first));
        Assert.Equal(["c", "d"], Names(second));
        Assert.Equal(["e"], Names(third));
        Assert.NotNull(first.Continue);
        Assert.Null(third.Continue);
        Assert.Equal(first.Revision, second.Revision);
        Assert.Equal(first.Revision, third.Revision);
    }

    [Fact]
    public async Task List_WithLimitAndSelector_FillsPagesWithMatches()
    {
        await using var h = await StoreHarness.OpenAsync();
        foreach (var (name, app) in new[] { ("a", "x"), ("b", "y"), ("c", "x"), ("d", "y"), ("e", "x") })
            await h.CreateAsync("configmaps", "default", $"{{'metadata':{{'name':'{name}','labels':{{'app':'{app}'}}}}}}");
        var options = new ListOptions { Limit = 2, LabelSelector = Wharf.ApiServer.Rest.Selectors.LabelSelector.Parse("app=x") };

        var first = await h.Store.ListAsync(h.Kind("configmaps"), "default", options, None);
        var second = await h.Store.ListAsync(h.Kind("configmaps"), "default", options with { Continue = first.Continue }, None);

        Assert.Equal(["a", "c"], Names(first));
        Assert.Equal(["e"], Names(second));
    }

    [Fact]
    public async Task List_CompactedContinueToken_Is410WithUpstreamMessageAndFreshToken()
    {
        await using var h = await StoreHarness.OpenAsync();
        await SeedAsync(h, "a", "b", "c", "d");
        var kind = h.Kind("configmaps");
        var first = await h.Store.ListAsync(kind, "default", new ListOptions { Limit = 2 }, None);
        await SeedAsync(h, "z");
        await h.Storage.CompactAsync(h.Storage.CurrentRevision);

        var error = await Fails.StatusAsync(() => h.Store.ListAsync(kind, "default", new ListOptions { Limit = 2, Continue = first.Continue }, None));

        Assert.Equal((410, "Expired"), (error.Code, error.Reason));
        Assert.Equal("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.", error.Message);
        Assert.NotNull(error.Continue);
        Assert.Equal(error.Continue, (string)error.ToStatus()["metadata"]!["continue"]!);

        var rest = await h.Store.ListAsync(kind, "default", new ListOptions { Continue = error.Continue }, None);
        Assert.Equal(["c", "d", "z"], Names(rest));
    }

    [Theory]
    [InlineData("not base64", "%%%")]
    [InlineData("not json", "bm90LWpzb24")]
    [InlineData("unknown version", "eyJ2IjoibWV0YS5rOHMuaW8vdjIiLCJydiI6MSwic3RhcnQiOiJhIn0")]
    public async Task List_BadContinueToken_IsBadRequest(string name, string token)
    {
        _ = name;
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => h.Store.ListAsync(h.Kind("configmaps"), "default", new ListOptions { Continue = token }, None));
        Assert.Equal(400, error.Code);
        Assert.Contains("continue key is not valid", error.Message);
    }

    [Fact]
    public async Task List_BadContinueToken_HasUpstreamPrefix()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => h.Store.ListAsync(h.Kind("configmaps"), "default", new ListOptions { Continue = "bm90LWpzb24" }, None));
        Assert.StartsWith("invalid continue token: continue key is not valid", error.Message);
    }

    [Fact]
    public async Task List_ContinueWithResourceVersion_IsBadRequest()
    {
        await using var h = await StoreHarness.OpenAsync();
        await SeedAsync(h, "a", "b", "c");
        var first = await h.Store.ListAsync(h.Kind("configmaps"), "default", new ListOptions { Limit = 1 }, None);
        var error = await Fails.StatusAsync(() => h.Store.ListAsync(h.Kind("configmaps"), "default",
            new ListOptions { Limit = 1, Continue = first.Continue, ResourceVersion = first.Revision.ToString() }, None));
        Assert.Equal(("specifying resource version is not allowed when using continue", 400), (error.Message, error.Code));
    }
}
