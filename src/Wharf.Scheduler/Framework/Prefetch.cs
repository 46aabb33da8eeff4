using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// A cache prefetch hint for an object a loop will read a few iterations later. The Filter pass reads ~500 of
/// 5,000 node infos per pod, in round-robin order; they are scattered over the heap (each bound pod re-clones its
/// node's info), so the first read of each was a cache miss: the first Filter plugin to touch the node info took
/// 9 % of the scheduler's samples on a single field read (docs/PERFORMANCE.md, ninth session). A hint lets the
/// miss overlap the previous nodes' work. It is only a hint: an object the GC has moved meanwhile makes it useless,
/// never wrong, and no data is read through the pointer.
/// </summary>
internal static class Prefetch
{
    /// <summary>Lines covered from the object's start: a node info with its inline figures spans about 200 bytes.</summary>
    private const int Lines = 4;

    [MethodImpl(HotPath.Options)]
    public static unsafe void Object(object? o)
    {
        if (!Sse.IsSupported || o is null) return;
        var address = (byte*)Unsafe.As<object, nint>(ref o);
        for (var i = 0; i < Lines; i++) Sse.Prefetch0(address + i * 64);
    }
}
