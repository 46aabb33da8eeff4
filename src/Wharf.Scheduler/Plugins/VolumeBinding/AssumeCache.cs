using k8s;
using k8s.Models;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// The informer's objects overlaid with the scheduler's assumed versions of them (a PV bound to a claim, a claim
/// given a selected node) until the informer delivers a version newer than the one the assumption was made on.
/// </summary>
internal sealed class AssumeCache<T>(Func<string, T?> informer) where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, (T Assumed, string? BaseVersion)> _assumed = new(StringComparer.Ordinal);

    /// <summary>The assumed version while it is still current, else the informer's.</summary>
    public T? Get(string key)
    {
        var api = informer(key);
        lock (_assumed)
        {
            if (!_assumed.TryGetValue(key, out var a)) return api;
            if (api is not null && api.Metadata?.ResourceVersion == a.BaseVersion) return a.Assumed;
            _assumed.Remove(key);
            return api;
        }
    }

    /// <summary>The informer's object, ignoring assumptions (what PreBind waits on).</summary>
    public T? GetApi(string key) => informer(key);

    /// <summary>Assumes <paramref name="obj"/>; it must have been derived from the version the informer holds now.</summary>
    public void Assume(string key, T obj)
    {
        var api = informer(key) ?? throw new InvalidOperationException($"{typeof(T).Name} \"{key}\" not found");
        if (StorageHelpers.CompareVersions(obj.Metadata?.ResourceVersion, api.Metadata?.ResourceVersion) < 0)
            throw new InvalidOperationException($"{typeof(T).Name} \"{key}\" is out of sync (version {obj.Metadata?.ResourceVersion}, cache {api.Metadata?.ResourceVersion})");
        lock (_assumed) _assumed[key] = (obj, api.Metadata?.ResourceVersion);
    }

    public void Restore(string key)
    {
        lock (_assumed) _assumed.Remove(key);
    }
}
