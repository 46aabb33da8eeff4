namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// How many in-process requests may run in the server's pipeline at once, the rest waiting in arrival order — a
/// single priority level of upstream's API Priority and Fairness, with its seats and FIFO queue. Without it, the
/// in-process components (cheaper per request than any socket client, and with no connection's stream limit between
/// them and the handlers) take the server's CPU and the store's write queue first, and external clients wait behind
/// them. A request admitted at once runs on its caller's thread; one that waited is resumed through the thread pool's
/// global queue, behind the socket completions already there, not ahead of them from a local queue.
/// </summary>
internal sealed class InProcessSeats
{
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiting = new();
    private int _free;

    public InProcessSeats(int seats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seats, 1);
        Seats = seats;
        _free = seats;
    }

    public int Seats { get; }

    /// <summary>Requests waiting for a seat (for tests and diagnostics).</summary>
    public int Waiting
    {
        get
        {
            lock (_lock) return _waiting.Count;
        }
    }

    /// <summary>
    /// Takes a seat: complete at once when one is free and nobody waits, otherwise when <see cref="Release"/> hands one
    /// over (on a thread-pool thread). Cancelling a wait gives up the place in the queue; the seat is not taken then.
    /// </summary>
    public Task EnterAsync(CancellationToken ct)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_free > 0 && _waiting.Count == 0)
            {
                _free--;
                return Task.CompletedTask;
            }
            ct.ThrowIfCancellationRequested();
            waiter = new Waiter();
            // Registered before it is queued, so that whoever grants it sees the registration to drop (a cancellation
            // firing right here only marks it: Cancel takes no lock, and Release skips it).
            if (ct.CanBeCanceled) waiter.CancelWith(ct);
            _waiting.Enqueue(waiter);
        }
        return waiter.Task;
    }

    /// <summary>Gives a seat back: to the first request still waiting, else to the free ones.</summary>
    public void Release()
    {
        Waiter? next = null;
        lock (_lock)
        {
            while (_waiting.TryDequeue(out var waiter))
            {
                if (waiter.TryGrant())
                {
                    next = waiter;
                    break;
                }
            }
            if (next is null)
            {
                if (_free == Seats) throw new InvalidOperationException("a seat was released that was not taken");
                _free++;
            }
        }
        // The waiter's continuation (the rest of its request) runs inside this work item, queued globally.
        if (next is not null) ThreadPool.UnsafeQueueUserWorkItem(static w => w.Run(), next, preferLocal: false);
    }

    /// <summary>One queued request: granted a seat or cancelled, whichever comes first.</summary>
    private sealed class Waiter
    {
        private const int Queued = 0, Granted = 1, Cancelled = 2;
        // Continuations run synchronously on purpose: on the granting work item's thread (see Release).
        private readonly TaskCompletionSource _entered = new();
        private int _state;
        private CancellationTokenRegistration _cancellation;

        public Task Task => _entered.Task;

        public void CancelWith(CancellationToken ct) =>
            _cancellation = ct.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), this);

        public bool TryGrant() => Interlocked.CompareExchange(ref _state, Granted, Queued) == Queued;

        public void Run()
        {
            _cancellation.Dispose();
            _entered.TrySetResult();
        }

        private void Cancel(CancellationToken token)
        {
            // Off the queue lazily: Release skips a cancelled waiter when it reaches it.
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
                ThreadPool.UnsafeQueueUserWorkItem(static s => s.waiter._entered.TrySetCanceled(s.token), (waiter: this, token), preferLocal: false);
        }
    }
}
