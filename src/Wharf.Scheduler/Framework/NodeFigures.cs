namespace Wharf.Scheduler.Framework;

/// <summary>
/// The numbers Filter and Score read for every node of every cycle, held inline in <see cref="NodeInfo"/>: read
/// through <see cref="NodeInfo.Allocatable"/>, <see cref="NodeInfo.Requested"/>, <see cref="NodeInfo.NonZeroRequested"/>
/// and the pod list they are four more objects per node, each a likely cache miss at 5,000 nodes. Always equal to
/// those objects (refreshed by every NodeInfo change); extended resources are read from the objects.
/// </summary>
public struct NodeFigures
{
    public long AllocatableMilliCpu;
    public long AllocatableMemory;
    public long AllocatableEphemeralStorage;
    public long AllowedPodNumber;
    public long RequestedMilliCpu;
    public long RequestedMemory;
    public long RequestedEphemeralStorage;
    public long NonZeroMilliCpu;
    public long NonZeroMemory;
    public int PodCount;

    internal static NodeFigures Of(Resource allocatable, Resource requested, Resource nonZero, int podCount) => new()
    {
        AllocatableMilliCpu = allocatable.MilliCpu,
        AllocatableMemory = allocatable.Memory,
        AllocatableEphemeralStorage = allocatable.EphemeralStorage,
        AllowedPodNumber = allocatable.AllowedPodNumber,
        RequestedMilliCpu = requested.MilliCpu,
        RequestedMemory = requested.Memory,
        RequestedEphemeralStorage = requested.EphemeralStorage,
        NonZeroMilliCpu = nonZero.MilliCpu,
        NonZeroMemory = nonZero.Memory,
        PodCount = podCount,
    };
}
