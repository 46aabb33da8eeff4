using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Meta;

namespace Wharf.Controllers.EndpointSlice;

/// <summary>
/// An index over the EndpointSlice informer of the slices one controller manages, by <c>namespace/service</c>,
/// and the key of the service a slice belongs to.
/// </summary>
internal sealed class ManagedSlices
{
    private readonly ISharedIndexInformer _slices;
    private readonly string _indexName;

    public ManagedSlices(ISharedIndexInformer slices, string managedBy)
    {
        _slices = slices;
        ManagedBy = managedBy;
        _indexName = "wharf.managed-slices/" + managedBy;
        slices.AddIndexer(_indexName, s => ServiceKey(s) is { } key ? [key] : []);
    }

    public string ManagedBy { get; }

    public IReadOnlyList<JsonObject> Of(string serviceKey) => _slices.Store.ByIndex(_indexName, serviceKey);

    /// <summary><c>namespace/service</c> of a slice this controller manages, else null.</summary>
    public string? ServiceKey(JsonObject slice) =>
        ObjectMeta.Label(slice, EndpointSliceLabels.ManagedBy) == ManagedBy
        && ObjectMeta.Label(slice, EndpointSliceLabels.ServiceName) is { Length: > 0 } service
            ? CacheKeys.For(ObjectMeta.Namespace(slice), service)
            : null;
}
