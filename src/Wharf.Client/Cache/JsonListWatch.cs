using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>List and watch as JSON documents (whole objects or, with <see cref="InformerOptions.MetadataOnly"/>, metadata).</summary>
internal sealed class JsonListWatch : IListWatch<JsonObject>
{
    private static readonly JsonSerializerOptions WholeObjects = JsonTreeConverter.Options(skipManagedFields: false);
    private static readonly JsonSerializerOptions WithoutManagedFields = JsonTreeConverter.Options(skipManagedFields: true);

    private readonly IApiClient _client;
    private readonly Resource _resource;
    private readonly string? _ns;
    private readonly InformerOptions _options;
    private readonly JsonSerializerOptions _json;
    private readonly bool _lazyNodes;

    public JsonListWatch(IApiClient client, Resource resource, string? ns, InformerOptions options)
    {
        (_client, _resource, _ns, _options) = (client, resource, ns, options);
        // The transform would drop managedFields right after the parse; the reader then need not build them.
        var strips = options.Transform == InformerTransforms.StripManagedFields;
        _json = options.Projection?.ReaderOptions ?? (strips ? WithoutManagedFields : WholeObjects);
        // The readers build every node at once; another transform may leave lazy ones.
        _lazyNodes = options.Transform is not null && !strips;
    }

    public Task<ObjectList<JsonObject>> ListAsync(ListOptions listOptions, CancellationToken ct) =>
        _options.MetadataOnly
            ? _client.ListMetadataAsync<JsonObject>(_resource, _ns, listOptions, _json, ct)
            : _client.ListAsync<JsonObject>(_resource, _ns, listOptions, _json, ct);

    /// <summary>Each event's object is read from the stream's bytes straight into the tree the cache keeps.</summary>
    public IAsyncEnumerable<TypedWatchEvent<JsonObject>> WatchAsync(ListOptions listOptions, CancellationToken ct) =>
        _options.MetadataOnly
            ? _client.WatchMetadataAsync<JsonObject>(_resource, _ns, listOptions, _json, ct)
            : _client.WatchAsync<JsonObject>(_resource, _ns, listOptions, _json, ct);

    public string? ResourceVersionOf(JsonObject obj) => ObjectMeta.ResourceVersion(obj);

    public JsonObject Prepare(JsonObject obj)
    {
        if (_options.MetadataOnly)
        {
            // PartialObjectMetadata says meta.k8s.io; the cache's objects are of the watched resource.
            obj["apiVersion"] = _resource.GroupVersion;
            obj["kind"] = _resource.Kind;
        }
        else
        {
            obj["apiVersion"] ??= _resource.GroupVersion;
            obj["kind"] ??= _resource.Kind;
        }
        if (_options.Transform is { } transform) obj = transform(obj);
        return _lazyNodes ? JsonTree.Materialize(obj) : obj;
    }
}
