using System.Text.Json.Nodes;
using Wharf.ApiServer.Admission;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Admission;

/// <summary>
/// ServiceAccount admission remembers the accounts it found between pod creates; every ServiceAccount write (create,
/// update, delete) in the account's namespace must make the next pod see the account as it is now.
/// </summary>
public sealed class ServiceAccountLookupTests
{
    private const string AccountKeys = "/registry/core/serviceaccounts/";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Pods_after_the_first_read_no_account_until_an_account_in_their_namespace_is_written()
    {
        await using var h = await StoreHarness.OpenAsync();
        var (store, reads) = StoreWithAccounts(h);
        await h.CreateNamespaceAsync("other");
        await CreateAccountAsync(store, h, "default", "robot", "{}");
        await CreateAccountAsync(store, h, "other", "robot", "{}");

        await CreatePodAsync(store, h, "a", "robot");
        await CreatePodAsync(store, h, "b", "robot");
        Assert.Equal(1, reads.GetsUnder(AccountKeys));

        await UpdateAccountAsync(store, h, "other", "robot", o => o["automountServiceAccountToken"] = true);
        await CreatePodAsync(store, h, "c", "robot");
        Assert.Equal(1, reads.GetsUnder(AccountKeys));

        await UpdateAccountAsync(store, h, "default", "robot", o => o["automountServiceAccountToken"] = true);
        await CreatePodAsync(store, h, "d", "robot");
        Assert.Equal(2, reads.GetsUnder(AccountKeys));
    }

    [Theory]
    [InlineData("automount turned off", "automount-off", false, null)]
    [InlineData("pull secrets added", "add-secrets", true, "regcred")]
    [InlineData("deleted and created again without automount", "recreate", false, null)]
    public async Task A_pod_sees_the_account_as_it_is_now(string name, string change, bool mountedAfter, string? pullSecretAfter)
    {
        await using var h = await StoreHarness.OpenAsync();
        var (store, _) = StoreWithAccounts(h);
        await CreateAccountAsync(store, h, "default", "robot", "{}");
        var before = await CreatePodAsync(store, h, "before", "robot");
        Assert.True((true, null) == (Mounted(before), PullSecret(before)), $"{name}: before");

        switch (change)
        {
            case "automount-off":
                await UpdateAccountAsync(store, h, "default", "robot", o => o["automountServiceAccountToken"] = false);
                break;
            case "add-secrets":
                await UpdateAccountAsync(store, h, "default", "robot", o => o["imagePullSecrets"] = new JsonArray(new JsonObject { ["name"] = "regcred" }));
                break;
            case "recreate":
                await store.DeleteAsync(h.Kind("serviceaccounts"), "default", "robot", new DeleteOptions(), None);
                await CreateAccountAsync(store, h, "default", "robot", "{'automountServiceAccountToken':false}");
                break;
        }

        var after = await CreatePodAsync(store, h, "after", "robot");
        Assert.True((mountedAfter, pullSecretAfter) == (Mounted(after), PullSecret(after)), $"{name}: after");
    }

    [Fact]
    public async Task A_deleted_account_refuses_the_next_pod()
    {
        await using var h = await StoreHarness.OpenAsync();
        var (store, _) = StoreWithAccounts(h);
        await CreateAccountAsync(store, h, "default", "robot", "{}");
        await CreatePodAsync(store, h, "first", "robot");

        await store.DeleteAsync(h.Kind("serviceaccounts"), "default", "robot", new DeleteOptions(), None);

        var error = await Fails.StatusAsync(() => CreatePodAsync(store, h, "second", "robot"));
        Assert.Equal((403, "pods \"second\" is forbidden: error looking up service account default/robot: serviceaccount \"robot\" not found"),
            (error.Code, error.Message));
    }

    [Fact]
    public async Task Pods_sharing_a_remembered_account_get_their_own_pull_secrets()
    {
        await using var h = await StoreHarness.OpenAsync();
        var (store, _) = StoreWithAccounts(h);
        await CreateAccountAsync(store, h, "default", "robot", "{'imagePullSecrets':[{'name':'regcred'}]}");

        var pods = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CreatePodAsync(store, h, $"p{i}", "robot")));

        Assert.All(pods, pod => Assert.Equal("regcred", PullSecret(pod)));
    }

    private static (ResourceStore Store, CountingReads Reads) StoreWithAccounts(StoreHarness h)
    {
        var reads = new CountingReads(h.Storage);
        var store = new ResourceStore(h.Storage, TimeProvider.System, [new ServiceAccountAdmission(reads, TimeProvider.System, TimeSpan.Zero)],
            new ManagedFieldsTracker(TimeProvider.System), new AuthoritativeStorage(h.Storage));
        return (store, reads);
    }

    private static Task CreateAccountAsync(ResourceStore store, StoreHarness h, string ns, string name, string body)
    {
        var account = Json.Obj(body);
        account["metadata"] = new JsonObject { ["name"] = name };
        return store.CreateAsync(h.Kind("serviceaccounts"), ns, account, WriteOptions.Default, None);
    }

    private static Task UpdateAccountAsync(ResourceStore store, StoreHarness h, string ns, string name, Action<JsonObject> change) =>
        store.GuaranteedUpdateAsync(h.Kind("serviceaccounts"), ns, name, null, o => { change(o); return o; }, WriteOptions.Default, None);

    private static Task<JsonObject> CreatePodAsync(ResourceStore store, StoreHarness h, string name, string account)
    {
        var pod = Json.Obj(StoreHarness.PodJson.Replace("NAME", name));
        pod["spec"]!["serviceAccountName"] = account;
        return store.CreateAsync(h.Kind("pods"), "default", pod, WriteOptions.Default, None);
    }

    private static bool Mounted(JsonObject pod) => pod["spec"]!["volumes"] is JsonArray { Count: > 0 };

    private static string? PullSecret(JsonObject pod) => (string?)pod["spec"]!["imagePullSecrets"]?[0]?["name"];
}
