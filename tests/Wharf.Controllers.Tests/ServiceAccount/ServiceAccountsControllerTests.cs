using Wharf.Client;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.ServiceAccount;

public sealed class ServiceAccountsControllerTests
{
    [Fact]
    public async Task DefaultServiceAccount_AppearsInNewNamespacesAndComesBackAfterDeletion()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.ServiceAccount] });

        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("fresh"), ct);
        await Eventually.HoldsAsync(async () => await client.GetAsync(Resource.ServiceAccounts, "fresh", "default", ct) is not null, "default SA is created");
        var first = await client.GetAsync(Resource.ServiceAccounts, "fresh", "default", ct);

        await client.DeleteAsync(Resource.ServiceAccounts, "fresh", "default", null, ct);
        await Eventually.HoldsAsync(async () =>
            (await client.GetAsync(Resource.ServiceAccounts, "fresh", "default", ct))["metadata"]!["uid"]!.ToString() != first["metadata"]!["uid"]!.ToString(),
            "default SA is re-created");
        // Namespaces that existed before the manager started are covered too.
        Assert.NotNull(await client.GetAsync(Resource.ServiceAccounts, "kube-system", "default", ct));
    }
}
