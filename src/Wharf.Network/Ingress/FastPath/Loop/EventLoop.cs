using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>
/// One thread polling an epoll set in edge-triggered mode and running the handlers of the descriptors that became
/// ready, so the reads and writes a request needs happen on the thread that learned they can, as in an nginx worker.
/// Other threads hand it work with <see cref="Post"/>. Registrations carry a generation, so an event still queued
/// for a descriptor that was closed in the same round never reaches whatever took its slot.
/// </summary>
internal sealed class EventLoop : IDisposable
{
    private const int MaxEvents = 256;
    private const ulong WakeToken = ulong.MaxValue;
    private const uint Interest = Libc.EpollIn | Libc.EpollOut | Libc.EpollRdHup | Libc.EpollEt;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly Stack<int> _freeSlots = new();
    private readonly Action<long> _tick;
    private readonly ILogger _logger;
    private IPollable?[] _targets = new IPollable?[64];
    private uint[] _generations = new uint[64];
    private int _usedSlots;
    private volatile bool _stopping;

    /// <param name="tick">Called on the loop's thread about once a second with <see cref="Environment.TickCount64"/>.</param>
    public EventLoop(string name, Action<long> tick, ILogger logger)
    {
        _tick = tick;
        _logger = logger;
        _epoll = Libc.EpollCreate();
        _wake = Libc.EventFd();
        Libc.Add(_epoll, _wake, Libc.EpollIn | Libc.EpollEt, WakeToken);
        _thread = new Thread(Run) { Name = name, IsBackground = true };
        _thread.Start();
    }

    public bool IsLoopThread => Thread.CurrentThread == _thread;

    /// <summary>Runs <paramref name="action"/> on the loop's thread, soon.</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        Libc.Signal(_wake);
    }

    /// <summary>Watches <paramref name="fd"/> for input, output and hang-up; loop thread only.</summary>
    /// <returns>The registration, for <see cref="Forget"/> and <see cref="Detach"/>; or -errno when epoll refused it.</returns>
    public long Register(int fd, IPollable target)
    {
        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : NewSlot();
        var token = ((ulong)_generations[slot] << 32) | (uint)slot;
        var result = Libc.Add(_epoll, fd, Interest, token);
        if (result < 0)
        {
            Release(slot);
            return result;
        }
        _targets[slot] = target;
        return (long)token;
    }

    /// <summary>The descriptor was closed (which took it out of the epoll set): its slot is free again.</summary>
    public void Forget(long registration) => Release((int)(uint)registration);

    /// <summary>The descriptor stays open for someone else: out of the epoll set, slot freed.</summary>
    public void Detach(long registration, int fd)
    {
        Libc.Remove(_epoll, fd);
        Release((int)(uint)registration);
    }

    private int NewSlot()
    {
        if (_usedSlots == _targets.Length)
        {
            Array.Resize(ref _targets, _targets.Length * 2);
            Array.Resize(ref _generations, _generations.Length * 2);
        }
        return _usedSlots++;
    }

    private void Release(int slot)
    {
        _targets[slot] = null;
        _generations[slot]++;
        _freeSlots.Push(slot);
    }

    private void Run()
    {
        var events = new byte[MaxEvents * Libc.EventSize];
        var nextTick = Environment.TickCount64 + 1000;
        while (!_stopping)
        {
            var count = Libc.Wait(_epoll, events, 1000);
            if (count < 0 && count != -Libc.EIntr)
            {
                Log.LoopFailed(_logger, new System.Net.Sockets.SocketException(-count));
                break;
            }
            for (var i = 0; i < count; i++)
            {
                var token = Libc.EventData(events, i);
                if (token == WakeToken)
                {
                    Libc.Drain(_wake);
                    continue;
                }
                var slot = (int)(uint)token;
                if (_generations[slot] != (uint)(token >> 32) || _targets[slot] is not { } target) continue;
                try
                {
                    target.OnEvents(Libc.EventFlags(events, i));
                }
                catch (Exception e)
                {
                    Log.ConnectionFailed(_logger, e);
                    target.Fail(e);
                }
            }
            RunPosted();
            var now = Environment.TickCount64;
            if (now >= nextTick)
            {
                nextTick = now + 1000;
                _tick(now);
            }
        }
        RunPosted();
        Libc.Close(_wake);
        Libc.Close(_epoll);
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var action))
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                Log.ConnectionFailed(_logger, e);
            }
        }
    }

    /// <summary>Runs what was posted last, then ends the thread and closes the epoll set (not the registered descriptors).</summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        Libc.Signal(_wake);
        if (!IsLoopThread) _thread.Join(TimeSpan.FromSeconds(5));
    }
}
