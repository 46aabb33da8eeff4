using System.Text.Json.Nodes;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>List and watch as JSON documents (whole objects or, with <see cref="InformerOptions.MetadataOnly"/>, metadata).</summary>
internal sealed class JsonListWatch(IApiClient client, Resource resource, string? ns, InformerOptions options) : IListWatch<JsonObject>
{
    public async Task<ObjectList<JsonObject>> ListAsync(ListOptions listOptions, CancellationToken ct)
    {
        var page = options.MetadataOnly
            ? await client.ListMetadataAsync(resource, ns, listOptions, ct)
            : await client.ListAsync(resource, ns, listOptions, ct);
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
        var events = options.MetadataOnly
            ? client.WatchMetadataAsync(resource, ns, listOptions, ct)
            : client.WatchAsync(resource, ns, listOptions, ct);
        await foreach (var ev in events)
            yield return ev.Type == WatchEventType.Error
                ? new TypedWatchEvent<JsonObject>(ev.Type, null, ev.Object)
                : new TypedWatchEvent<JsonObject>(ev.Type, ev.Object, null);
    }

    public string? ResourceVersionOf(JsonObject obj) => ObjectMeta.ResourceVersion(obj);

    public JsonObject Prepare(JsonObject obj)
    {
        if (options.MetadataOnly)
        {
            // PartialObjectMetadata says meta.k8s.io; the cache's objects are of the watched resource.
            obj["apiVersion"] = resource.GroupVersion;
            obj["kind"] = resource.Kind;
        }
        else
        {
            obj["apiVersion"] ??= resource.GroupVersion;
            obj["kind"] ??= resource.Kind;
        }
        if (options.Transform is { } transform) obj = transform(obj);
        return JsonTree.Materialize(obj);
    }
}
