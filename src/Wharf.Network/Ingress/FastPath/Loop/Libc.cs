using System.Runtime.InteropServices;

namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>
/// The Linux calls the fast path's event loops make themselves: epoll, an eventfd to wake a loop, and non-blocking
/// socket I/O on raw descriptors. .NET's own socket engine would complete every operation on a thread-pool thread;
/// these let the thread that polled do the work. Results are the call's return value, or minus errno.
/// </summary>
internal static class Libc
{
    public const int EAgain = 11;
    public const int EInProgress = 115;
    public const int EIntr = 4;

    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 1u << 31;

    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int CloExec = 0x80000;
    private const int NonBlock = 0x800;
    private const int SockStream = 1;
    private const int MsgNoSignal = 0x4000;
    private const int SolSocket = 1;
    private const int SoError = 4;
    private const int IpProtoTcp = 6;
    private const int TcpNoDelay = 1;

    /// <summary>struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int EventDataOffset = EventSize == 12 ? 4 : 8;

    public static uint EventFlags(ReadOnlySpan<byte> events, int index) => MemoryMarshal.Read<uint>(events[(index * EventSize)..]);

    public static ulong EventData(ReadOnlySpan<byte> events, int index) => MemoryMarshal.Read<ulong>(events[(index * EventSize + EventDataOffset)..]);

    public static int EpollCreate() => Check(epoll_create1(CloExec));

    public static int EventFd() => Check(eventfd(0, CloExec | NonBlock));

    public static int Add(int epoll, int fd, uint flags, ulong data)
    {
        Span<byte> ev = stackalloc byte[16];
        MemoryMarshal.Write(ev, in flags);
        MemoryMarshal.Write(ev[EventDataOffset..], in data);
        return Result(epoll_ctl(epoll, EpollCtlAdd, fd, ref MemoryMarshal.GetReference(ev)));
    }

    public static int Remove(int epoll, int fd)
    {
        Span<byte> ev = stackalloc byte[16];
        return Result(epoll_ctl(epoll, EpollCtlDel, fd, ref MemoryMarshal.GetReference(ev)));
    }

    public static int Wait(int epoll, Span<byte> events, int timeoutMs) =>
        Result(epoll_wait(epoll, ref MemoryMarshal.GetReference(events), events.Length / EventSize, timeoutMs));

    public static int Recv(int fd, Span<byte> buffer) => (int)Result(recv(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, 0));

    public static int Send(int fd, ReadOnlySpan<byte> data) =>
        (int)Result(send(fd, ref MemoryMarshal.GetReference(data), data.Length, MsgNoSignal));

    public static void Signal(int eventFd)
    {
        ulong one = 1;
        write(eventFd, ref one, 8);
    }

    public static void Drain(int eventFd)
    {
        ulong value = 0;
        read(eventFd, ref value, 8);
    }

    /// <summary>A non-blocking TCP socket with Nagle off, for the given address family (2 = IPv4, 10 = IPv6).</summary>
    public static int TcpSocket(int family)
    {
        var fd = Check(socket(family, SockStream | NonBlock | CloExec, 0));
        var on = 1;
        setsockopt(fd, IpProtoTcp, TcpNoDelay, ref on, sizeof(int));
        return fd;
    }

    /// <param name="address">A native sockaddr, as .NET's <c>SocketAddress</c> holds it on Linux.</param>
    /// <returns>0 when connected, -EINPROGRESS while connecting, or minus another errno.</returns>
    public static int Connect(int fd, ReadOnlySpan<byte> address) => Result(connect(fd, ref MemoryMarshal.GetReference(address), address.Length));

    /// <summary>The error a non-blocking connect ended with (0 = connected).</summary>
    public static int SocketError(int fd)
    {
        var error = 0;
        var length = sizeof(int);
        return getsockopt(fd, SolSocket, SoError, ref error, ref length) < 0 ? Marshal.GetLastPInvokeError() : error;
    }

    public static void Close(int fd) => close(fd);

    private static int Check(int result) =>
        result >= 0 ? result : throw new System.Net.Sockets.SocketException(Marshal.GetLastPInvokeError());

    private static int Result(int result) => result >= 0 ? result : -Marshal.GetLastPInvokeError();

    private static nint Result(nint result) => result >= 0 ? result : -Marshal.GetLastPInvokeError();

#pragma warning disable SYSLIB1054 // DllImport: the project does not allow unsafe code, which LibraryImport needs here
    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_ctl(int epoll, int op, int fd, ref byte ev);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_wait(int epoll, ref byte events, int maxEvents, int timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int eventfd(uint initial, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint recv(int fd, ref byte buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint send(int fd, ref byte buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, ref ulong value, nint length);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, ref ulong value, nint length);

    [DllImport("libc", SetLastError = true)]
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    private static extern int connect(int fd, ref byte address, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int setsockopt(int fd, int level, int name, ref int value, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int getsockopt(int fd, int level, int name, ref int value, ref int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
#pragma warning restore SYSLIB1054
}
