using Wharf.Client.Queue;

namespace Wharf.Client.Tests.Queue;

public class WorkQueueTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Add_SameItemTwiceWhileQueued_IsHandedOutOnce()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        Assert.Equal(2, queue.Count);
        var (first, _) = await queue.GetAsync(CancellationToken.None);
        var (second, _) = await queue.GetAsync(CancellationToken.None);
        Assert.Equal(["a", "b"], new[] { first, second });
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsHeldUntilDoneThenQueuedOnce()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        var (item, _) = await queue.GetAsync(CancellationToken.None);
        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count); // not handed to a second worker while the first has it
        queue.Done(item);
        Assert.Equal(1, queue.Count);
        var (again, _) = await queue.GetAsync(CancellationToken.None);
        Assert.Equal("a", again);
        queue.Done(again);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task GetAsync_WaitsForAnItem()
    {
        var queue = new WorkQueue<string>();
        var pending = queue.GetAsync(CancellationToken.None);
        Assert.False(pending.IsCompleted);
        queue.Add("late");
        var (item, shutdown) = await pending.WaitAsync(Short);
        Assert.Equal("late", item);
        Assert.False(shutdown);
    }

    [Fact]
    public async Task ShutDown_WakesWaitersAfterDrainingAndRefusesNewItems()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.ShutDown();
        queue.Add("b");
        Assert.Equal(("a", false), await queue.GetAsync(CancellationToken.None));
        var (_, shutdown) = await queue.GetAsync(CancellationToken.None).WaitAsync(Short);
        Assert.True(shutdown);
    }

    [Fact]
    public async Task AddAfter_DeliversOnlyAfterTheDelay()
    {
        var queue = new WorkQueue<string>();
        queue.AddAfter("a", TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, queue.Count);
        var started = DateTime.UtcNow;
        var (item, _) = await queue.GetAsync(CancellationToken.None).WaitAsync(Short);
        Assert.Equal("a", item);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public async Task AddAfter_EarlierDelayReplacesLaterOne()
    {
        var queue = new WorkQueue<string>();
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromMilliseconds(50));
        var (item, _) = await queue.GetAsync(CancellationToken.None).WaitAsync(Short);
        Assert.Equal("a", item);
    }

    [Fact]
    public async Task AddRateLimited_CountsFailuresUntilForget()
    {
        var queue = new WorkQueue<string>(new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)));
        queue.AddRateLimited("a");
        var (item, _) = await queue.GetAsync(CancellationToken.None).WaitAsync(Short);
        queue.AddRateLimited(item);
        queue.Done(item);
        Assert.Equal(2, queue.NumRequeues("a"));
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
    }
}
