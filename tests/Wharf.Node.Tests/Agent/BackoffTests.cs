using Wharf.Node.Agent.Pods;

namespace Wharf.Node.Tests.Agent;

public sealed class BackoffTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void CrashLoop_StartsAt10s_Doubles_CapsAt5Min_AndResetsAfter10MinQuiet()
    {
        var time = new ManualTime();
        var backoff = new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), time);
        Assert.False(backoff.IsInBackOffSince("c", time.Now)); // first crash restarts at once
        backoff.Next("c", time.Now);
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Get("c"));
        Assert.True(backoff.IsInBackOffSince("c", time.Now));
        time.Now += TimeSpan.FromSeconds(11);
        Assert.False(backoff.IsInBackOffSince("c", time.Now - TimeSpan.FromSeconds(11)));
        for (var i = 0; i < 10; i++)
            backoff.Next("c", time.Now);
        Assert.Equal(TimeSpan.FromMinutes(5), backoff.Get("c"));
        time.Now += TimeSpan.FromMinutes(11);
        backoff.Next("c", time.Now);
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Get("c"));
    }
}
