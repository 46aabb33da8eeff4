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
        _json = strips ? WithoutManagedFields : WholeObjects;
        _lazyNodes = options.MetadataOnly || (options.Transform is not null && !strips);
    }

    public async Task<ObjectList<JsonObject>> ListAsync(ListOptions listOptions, CancellationToken ct)
    {
        if (!_options.MetadataOnly)
            return await _client.ListAsync<JsonObject>(_resource, _ns, listOptions, _json, ct);
        var page = await _client.ListMetadataAsync(_resource, _ns, listOptions, ct);
        var items = new List<JsonObject>();
        if (page["items"] is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>().ToList())
            {
                array.Remove(item);
                items.Add(item);
            }
        }
        var continueToken = page["metadata"]?["continue"]?.GetValue<string>();
        return new ObjectList<JsonObject>(items, page["metadata"]?["resourceVersion"]?.GetValue<string>(), continueToken is { Length: > 0 } ? continueToken : null);
    }

    public async IAsyncEnumerable<TypedWatchEvent<JsonObject>> WatchAsync(ListOptions listOptions,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!_options.MetadataOnly)
        {
            // Each event's object is read from the stream's bytes straight into the tree the cache keeps.
            await foreach (var ev in _client.WatchAsync<JsonObject>(_resource, _ns, listOptions, _json, ct))
                yield return ev;
            yield break;
        }
        await foreach (var ev in _client.WatchMetadataAsync(_resource, _ns, listOptions, ct))
            yield return ev.Type == WatchEventType.Error
                ? new TypedWatchEvent<JsonObject>(ev.Type, null, ev.Object)
                : new TypedWatchEvent<JsonObject>(ev.Type, ev.Object, null);
    }

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
        // The converter builds every node at once; a metadata parse or another transform may leave lazy ones.
        return _lazyNodes ? JsonTree.Materialize(obj) : obj;
    }
}
