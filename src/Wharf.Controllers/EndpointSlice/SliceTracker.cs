using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.EndpointSlice;

/// <summary>
/// Remembers the slices a controller wrote or deleted per service until its informer has seen them, so that a sync
/// working from a stale cache never creates a second slice for the same endpoints (upstream's EndpointSliceTracker).
/// Wharf's resourceVersions are increasing numbers, so "seen" is "cached version ≥ written version".
/// </summary>
internal sealed class SliceTracker
{
    private const long Deleted = -1;
    private readonly object _lock = new();
    private readonly Dictionary<string, Dictionary<string, long>> _expected = new(StringComparer.Ordinal);

    public void Written(string serviceKey, JsonObject slice) => Expect(serviceKey, ObjectMeta.Name(slice), Version(slice));

    public void ExpectDeletion(string serviceKey, JsonObject slice) => Expect(serviceKey, ObjectMeta.Name(slice), Deleted);

    /// <summary>The informer saw the slice go: nothing more to wait for about it.</summary>
    public void ObservedDeletion(string serviceKey, JsonObject slice)
    {
        lock (_lock)
        {
            if (_expected.TryGetValue(serviceKey, out var slices) && ObjectMeta.Name(slice) is { } name) slices.Remove(name);
        }
    }

    /// <summary>True while a write or deletion of ours is not in <paramref name="cached"/> yet.</summary>
    public bool IsStale(string serviceKey, IReadOnlyList<JsonObject> cached)
    {
        lock (_lock)
        {
            if (!_expected.TryGetValue(serviceKey, out var slices)) return false;
            var byName = cached.ToDictionary(s => ObjectMeta.Name(s) ?? "", StringComparer.Ordinal);
            var stale = false;
            foreach (var (name, version) in slices.ToList())
            {
                var present = byName.TryGetValue(name, out var slice);
                var seen = version == Deleted ? !present : present && Version(slice!) >= version;
                if (seen) slices.Remove(name);
                else stale = true;
            }
            if (slices.Count == 0) _expected.Remove(serviceKey);
            return stale;
        }
    }

    public void Forget(string serviceKey)
    {
        lock (_lock) _expected.Remove(serviceKey);
    }

    private void Expect(string serviceKey, string? name, long version)
    {
        if (name is null) return;
        lock (_lock)
        {
            if (!_expected.TryGetValue(serviceKey, out var slices))
            {
                slices = new Dictionary<string, long>(StringComparer.Ordinal);
                _expected[serviceKey] = slices;
            }
            slices[name] = version;
        }
    }

    private static long Version(JsonObject slice) =>
        long.TryParse(ObjectMeta.ResourceVersion(slice), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
