using Wharf.Client.Cache;

namespace Wharf.Network.Dns;

/// <summary>
/// A counter bumped on every change the DNS informers deliver: cached answers remember the value they were built
/// at and are stale once it moved. The time of the last change is the zone's SOA serial, so the serial only moves
/// when the data does (and a cached negative answer stays byte-identical to a fresh one).
/// </summary>
internal sealed class ClusterStateVersion(TimeProvider time)
{
    private long _version;
    private long _serial = time.GetUtcNow().ToUnixTimeSeconds();

    public long Current => Volatile.Read(ref _version);

    public uint Serial => (uint)(Volatile.Read(ref _serial) & 0x7fffffff);

    /// <summary>
    /// Bumps on the informer's events. Handlers run after the store changed, so an answer built from the new data
    /// is stored under the old version at worst (one needless miss), never the reverse.
    /// </summary>
    public void Track(ISharedIndexInformer informer) => informer.AddEventHandler(new ResourceEventHandler
    {
        OnAdd = _ => Bump(),
        OnUpdate = (_, _) => Bump(),
        OnDelete = _ => Bump(),
    });

    public void Bump()
    {
        Volatile.Write(ref _serial, time.GetUtcNow().ToUnixTimeSeconds());
        Interlocked.Increment(ref _version);
    }
}
