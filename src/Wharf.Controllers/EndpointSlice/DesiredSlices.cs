using System.Text.Json.Nodes;

namespace Wharf.Controllers.EndpointSlice;

/// <summary>The endpoints a service should have, grouped by address type and port set (one group → ≥1 slices).</summary>
internal sealed class DesiredSlices
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Group> Groups => _groups;

    public void Add(string addressType, JsonArray ports, JsonObject endpoint)
    {
        var key = SliceKeys.PortSet(addressType, ports);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new Group(addressType, ports);
            _groups[key] = group;
        }
        group.Endpoints.TryAdd(SliceKeys.Endpoint(endpoint), endpoint);
    }

    public sealed record Group(string AddressType, JsonArray Ports)
    {
        /// <summary>By <see cref="SliceKeys.Endpoint"/>, in the order they were added.</summary>
        public Dictionary<string, JsonObject> Endpoints { get; } = new(StringComparer.Ordinal);
    }
}
