using Wharf.Client;
using Wharf.Client.Tests.Support;
using Wharf.Scheduler.Hosting;
using Wharf.Scheduler.Tests.Hollow;

namespace Wharf.Scheduler.Tests.Hosting;

public sealed class LeaderElectionTests
{
    private static SchedulerHostOptions Candidate(string identity) => new()
    {
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task TwoSchedulers_OnlyTheLeaderSchedules_AndTheOtherTakesOverWhenItStops()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.Nodes.AddAsync(new HollowNodeSpec("node-a"));
        var first = env.StartScheduler(Candidate("first"));
        await Eventually.HoldsAsync(() => first.IsLeader, "the first scheduler leads");
        var second = env.StartScheduler(Candidate("second"));

        await env.CreatePodAsync(ApiPods.Pod(SchedulerEnvironment.Namespace, "p1"));
        Assert.Equal("node-a", await env.WaitForBindingAsync("p1"));
        Assert.False(second.IsLeader);
        // The scheduler counts a pod once its bind call returns, which can be after the test sees the binding.
        await Eventually.HoldsAsync(() => first.Metrics.Scheduled == 1, "the first scheduler counts its pod");
        Assert.Equal(0, second.Metrics.Scheduled);
        var lease = await env.Client.GetAsync(Resource.Leases, "kube-system", "kube-scheduler", CancellationToken.None);
        Assert.Equal("first", lease["spec"]?["holderIdentity"]?.GetValue<string>());

        await env.StopSchedulerAsync(0);
        await Eventually.HoldsAsync(() => second.IsLeader, "the second scheduler takes over");
        await env.CreatePodAsync(ApiPods.Pod(SchedulerEnvironment.Namespace, "p2"));
        Assert.Equal("node-a", await env.WaitForBindingAsync("p2"));
        await Eventually.HoldsAsync(() => second.Metrics.Scheduled == 1, "the second scheduler counts its pod");
    }
}
