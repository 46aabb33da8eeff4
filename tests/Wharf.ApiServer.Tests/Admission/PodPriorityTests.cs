using System.Text.Json.Nodes;
using Wharf.ApiServer.Admission;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Admission;

/// <summary>
/// Priority admission remembers resolved classes between pod creates; every committed PriorityClass write (create,
/// update, delete) must make the next pod see the classes as they are now.
/// </summary>
public sealed class PodPriorityTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("default class created after a pod was admitted without one", "create-default", null, 0L, "high", 1000L)]
    [InlineData("default class no longer default (update)", "undefault", "high", 1000L, null, 0L)]
    [InlineData("default class deleted", "delete", "high", 1000L, null, 0L)]
    [InlineData("a second, lower default class created", "create-second-default", "high", 1000L, "low", 10L)]
    public async Task PodWithoutClass_SeesDefaultClassAsItIsNow(string name, string change, string? classBefore, long priorityBefore, string? classAfter, long priorityAfter)
    {
        await using var h = await StoreHarness.OpenAsync();
        var store = StoreWithPriority(h);
        if (change != "create-default")
            await CreateClassAsync(store, h, "high", 1000, globalDefault: true);

        var before = await CreatePodAsync(store, h, "before", null);
        Assert.True((classBefore, priorityBefore) == (before.Class, before.Priority), $"{name}: before {before}");

        switch (change)
        {
            case "create-default":
                await CreateClassAsync(store, h, "high", 1000, globalDefault: true);
                break;
            case "create-second-default":
                await CreateClassAsync(store, h, "low", 10, globalDefault: true);
                break;
            case "undefault":
                await store.GuaranteedUpdateAsync(h.Kind("priorityclasses", "scheduling.k8s.io"), null, "high", null,
                    o => { o["globalDefault"] = false; return o; }, WriteOptions.Default, None);
                break;
            case "delete":
                await store.DeleteAsync(h.Kind("priorityclasses", "scheduling.k8s.io"), null, "high", new DeleteOptions(), None);
                break;
        }

        var after = await CreatePodAsync(store, h, "after", null);
        Assert.True((classAfter, priorityAfter) == (after.Class, after.Priority), $"{name}: after {after}");
    }

    [Fact]
    public async Task PodNamingClass_IsRefusedAgainOnceTheClassIsDeleted()
    {
        await using var h = await StoreHarness.OpenAsync();
        var store = StoreWithPriority(h);
        await CreateClassAsync(store, h, "batch", 50, globalDefault: false);
        Assert.Equal(("batch", 50L), await CreatePodAsync(store, h, "first", "batch"));

        await store.DeleteAsync(h.Kind("priorityclasses", "scheduling.k8s.io"), null, "batch", new DeleteOptions(), None);

        var error = await Fails.StatusAsync(() => CreatePodAsync(store, h, "second", "batch"));
        Assert.Equal((403, "pods \"second\" is forbidden: no PriorityClass with name batch was found"), (error.Code, error.Message));
    }

    [Fact]
    public async Task PodNamingUnknownClass_IsAdmittedOnceTheClassIsCreated()
    {
        await using var h = await StoreHarness.OpenAsync();
        var store = StoreWithPriority(h);
        var error = await Fails.StatusAsync(() => CreatePodAsync(store, h, "first", "later"));
        Assert.Equal(403, error.Code);

        await CreateClassAsync(store, h, "later", 7, globalDefault: false);

        Assert.Equal(("later", 7L), await CreatePodAsync(store, h, "second", "later"));
    }

    private static ResourceStore StoreWithPriority(StoreHarness h) =>
        new(h.Storage, TimeProvider.System, [new NamespaceLifecycle(h.Storage), new PodPriority(h.Storage)],
            new ManagedFieldsTracker(TimeProvider.System), new AuthoritativeStorage(h.Storage));

    private static Task CreateClassAsync(ResourceStore store, StoreHarness h, string name, long value, bool globalDefault) =>
        store.CreateAsync(h.Kind("priorityclasses", "scheduling.k8s.io"), null,
            Json.Obj($"{{'metadata':{{'name':'{name}'}},'value':{value},'globalDefault':{(globalDefault ? "true" : "false")}}}"), WriteOptions.Default, None);

    private static async Task<(string? Class, long Priority)> CreatePodAsync(ResourceStore store, StoreHarness h, string name, string? priorityClass)
    {
        var pod = Json.Obj(StoreHarness.PodJson.Replace("NAME", name));
        if (priorityClass is not null) pod["spec"]!["priorityClassName"] = priorityClass;
        var created = await store.CreateAsync(h.Kind("pods"), "default", pod, WriteOptions.Default, None);
        var spec = (JsonObject)created["spec"]!;
        return ((string?)spec["priorityClassName"], (long)spec["priority"]!);
    }
}
