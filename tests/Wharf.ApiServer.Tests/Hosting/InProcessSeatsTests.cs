using Wharf.ApiServer.Hosting.InProcess;

namespace Wharf.ApiServer.Tests.Hosting;

public sealed class InProcessSeatsTests
{
    [Fact]
    public void FreeSeats_AdmitAtOnce_ThenTheNextWaits()
    {
        var seats = new InProcessSeats(2);

        Assert.True(seats.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(seats.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
        var third = seats.EnterAsync(CancellationToken.None);

        Assert.False(third.IsCompleted);
        Assert.Equal(1, seats.Waiting);
    }

    [Fact]
    public async Task Release_HandsTheSeatToTheWaitersInArrivalOrder()
    {
        var seats = new InProcessSeats(1);
        await seats.EnterAsync(CancellationToken.None);
        var order = new List<int>();
        var waiters = Enumerable.Range(0, 5)
            .Select(i => seats.EnterAsync(CancellationToken.None).ContinueWith(_ => { lock (order) order.Add(i); }, TaskContinuationOptions.ExecuteSynchronously))
            .ToArray();

        for (var i = 0; i < waiters.Length; i++)
        {
            seats.Release();
            await waiters[i].WaitAsync(TimeSpan.FromSeconds(5));
            // One seat: the next waiter stays queued until this one releases.
            Assert.Equal(waiters.Length - i - 1, seats.Waiting);
        }

        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public void ANewcomer_QueuesBehindWaiters_EvenWhenASeatIsBeingHandedOver()
    {
        var seats = new InProcessSeats(1);
        seats.EnterAsync(CancellationToken.None);
        var first = seats.EnterAsync(CancellationToken.None);

        seats.Release();
        var late = seats.EnterAsync(CancellationToken.None);

        Assert.False(late.IsCompleted); // the released seat went to the waiter, not to whoever came next
        Assert.True(first.Wait(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task CancelledWaiter_LeavesTheQueue_AndTheSeatGoesToTheNext()
    {
        var seats = new InProcessSeats(1);
        await seats.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = seats.EnterAsync(cancel.Token);
        var next = seats.EnterAsync(CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(5)));
        seats.Release();

        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, seats.Waiting);
    }

    [Fact]
    public async Task AllReleased_LeavesEverySeatFree_AndAnExtraReleaseThrows()
    {
        var seats = new InProcessSeats(2);
        await seats.EnterAsync(CancellationToken.None);
        await seats.EnterAsync(CancellationToken.None);
        seats.Release();
        seats.Release();

        Assert.True(seats.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(seats.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
        seats.Release();
        seats.Release();
        Assert.Throws<InvalidOperationException>(seats.Release);
    }

    [Fact]
    public async Task AGrantedWaiter_ResumesOnAThreadPoolThread_NotInsideRelease()
    {
        var seats = new InProcessSeats(1);
        await seats.EnterAsync(CancellationToken.None);
        var resumedOn = seats.EnterAsync(CancellationToken.None)
            .ContinueWith(_ => (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread), TaskContinuationOptions.ExecuteSynchronously);

        var thread = new Thread(seats.Release);
        thread.Start();
        thread.Join();
        var (id, pool) = await resumedOn.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(pool);
        Assert.NotEqual(thread.ManagedThreadId, id);
    }
}
