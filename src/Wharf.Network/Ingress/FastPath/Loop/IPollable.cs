namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>Something registered with an <see cref="EventLoop"/>: told about readiness on its descriptor, on the loop's thread.</summary>
internal interface IPollable
{
    /// <param name="events">The epoll flags reported (<see cref="Libc.EpollIn"/>, <see cref="Libc.EpollOut"/>...).</param>
    void OnEvents(uint events);

    /// <summary><see cref="OnEvents"/> threw: release everything, as for a broken connection.</summary>
    void Fail(Exception error);
}
