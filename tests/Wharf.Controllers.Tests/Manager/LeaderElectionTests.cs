using Wharf.Client;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.Manager;

public sealed class LeaderElectionTests
{
    private static ControllerManagerOptions Candidate(string identity) => new()
    {
        Identity = identity,
        Controllers = [ControllerNames.ServiceAccount],
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(300),
    };

    [Fact]
    public async Task TwoManagers_OnlyOneIsActive_AndTheOtherTakesOverWhenItStops()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await using var a = new ManagerHarness(server, Candidate("manager-a"));
        await using var b = new ManagerHarness(server, Candidate("manager-b"));

        await Eventually.HoldsAsync(() => a.Manager.IsActive || b.Manager.IsActive, "one manager becomes active");
        // Several renew periods later still exactly one is active.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(a.Manager.IsActive ^ b.Manager.IsActive, "exactly one manager is active");
            await Task.Delay(100);
        }
        var (leader, follower) = a.Manager.IsActive ? (a, b) : (b, a);
        var lease = await client.GetAsync(Resource.Leases, "kube-system", "wharf-controller-manager", CancellationToken.None);
        Assert.Equal(leader.Manager.Identity, lease["spec"]!["holderIdentity"]!.ToString());
        Assert.Equal(3, lease["spec"]!["leaseDurationSeconds"]!.GetValue<int>());

        await leader.StopAsync();
        await Eventually.HoldsAsync(() => follower.Manager.IsActive, "the follower takes over", TimeSpan.FromSeconds(10));
        lease = await client.GetAsync(Resource.Leases, "kube-system", "wharf-controller-manager", CancellationToken.None);
        Assert.Equal(follower.Manager.Identity, lease["spec"]!["holderIdentity"]!.ToString());
        Assert.Equal(1, lease["spec"]!["leaseTransitions"]!.GetValue<int>());

        // The new leader's controllers work.
        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("after-failover"), CancellationToken.None);
        await Eventually.HoldsAsync(async () => await client.GetAsync(Resource.ServiceAccounts, "after-failover", "default", CancellationToken.None) is not null,
            "the new leader's controllers run");
    }
}
