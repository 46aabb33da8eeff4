using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Client.Rest;

/// <summary>
/// The REST verbs on any resource, over JSON documents. Failures the server answers become <see cref="ApiException"/>;
/// transport failures surface as <see cref="HttpRequestException"/>/<see cref="IOException"/>.
/// Objects passed in are not modified; objects returned belong to the caller.
/// </summary>
public interface IApiClient
{
    Task<JsonObject> GetAsync(Resource resource, string? ns, string name, CancellationToken ct);

    /// <summary>One page (or everything with <see cref="ListOptions.Limit"/> 0): a list object with items and metadata.continue.</summary>
    Task<JsonObject> ListAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct);

    /// <summary>Streams events until the server ends the watch (timeoutSeconds) or <paramref name="ct"/> fires.</summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct);

    /// <summary>
    /// <see cref="ListAsync"/> asking for a PartialObjectMetadataList (items carry only kind, apiVersion and metadata).
    /// The default lists whole objects and projects them here, for clients that cannot ask the server.
    /// </summary>
    async Task<JsonObject> ListMetadataAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct) =>
        Meta.PartialObjectMetadata.FromList(await ListAsync(resource, ns, options, ct));

    /// <summary><see cref="WatchAsync"/> asking for PartialObjectMetadata event objects (bookmarks and errors stay as sent).</summary>
    async IAsyncEnumerable<WatchEvent> WatchMetadataAsync(Resource resource, string? ns, ListOptions? options,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var ev in WatchAsync(resource, ns, options, ct))
            yield return ev.Type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted
                ? ev with { Object = Meta.PartialObjectMetadata.From(ev.Object) }
                : ev;
    }

    /// <summary>
    /// <see cref="ListAsync"/> with the items deserialised straight into <typeparamref name="T"/> with
    /// <paramref name="json"/> (for Kubernetes models: the KubernetesClient models' options). The default goes
    /// through the JSON document, for clients that only have that.
    /// </summary>
    async Task<ObjectList<T>> ListAsync<T>(Resource resource, string? ns, ListOptions? options, JsonSerializerOptions json, CancellationToken ct)
        where T : class =>
        DocumentToTyped.Of<T>(await ListAsync(resource, ns, options, ct), json);

    /// <summary>
    /// <see cref="WatchAsync"/> with each event's object deserialised straight from the event's bytes into
    /// <typeparamref name="T"/> (one parse per event); ERROR events keep their Status as a document.
    /// </summary>
    IAsyncEnumerable<TypedWatchEvent<T>> WatchAsync<T>(Resource resource, string? ns, ListOptions? options, JsonSerializerOptions json, CancellationToken ct)
        where T : class =>
        DocumentToTyped.Events<T>(WatchAsync(resource, ns, options, ct), json);

    /// <summary>
    /// <see cref="ListMetadataAsync(Resource, string?, ListOptions?, CancellationToken)"/> with the items deserialised
    /// straight into <typeparamref name="T"/> with <paramref name="json"/>. The default goes through the JSON document.
    /// </summary>
    async Task<ObjectList<T>> ListMetadataAsync<T>(Resource resource, string? ns, ListOptions? options, JsonSerializerOptions json, CancellationToken ct)
        where T : class =>
        DocumentToTyped.Of<T>(await ListMetadataAsync(resource, ns, options, ct), json);

    /// <summary>
    /// <see cref="WatchMetadataAsync(Resource, string?, ListOptions?, CancellationToken)"/> with each event's object
    /// deserialised straight from the event's bytes into <typeparamref name="T"/>; ERROR events keep their Status as a
    /// document. The default goes through the JSON document.
    /// </summary>
    IAsyncEnumerable<TypedWatchEvent<T>> WatchMetadataAsync<T>(Resource resource, string? ns, ListOptions? options, JsonSerializerOptions json, CancellationToken ct)
        where T : class =>
        DocumentToTyped.Events<T>(WatchMetadataAsync(resource, ns, options, ct), json);

    /// <summary>Creates <paramref name="obj"/> in <paramref name="ns"/> (null = the object's metadata.namespace).</summary>
    Task<JsonObject> CreateAsync(Resource resource, string? ns, JsonObject obj, CancellationToken ct);

    /// <summary>
    /// Creates the object whose JSON (UTF-8) is <paramref name="utf8Json"/>, for callers that do not read the answer
    /// (a binding, an Event): a failure still throws <see cref="ApiException"/> with the server's Status, but a
    /// successful answer is not parsed. The default goes through <see cref="CreateAsync(Resource, string?, JsonObject, CancellationToken)"/>,
    /// for clients that only have that.
    /// </summary>
    async Task CreateWithoutAnswerAsync(Resource resource, string? ns, ReadOnlyMemory<byte> utf8Json, CancellationToken ct) =>
        await CreateAsync(resource, ns, BodyObject(utf8Json), ct);

    /// <summary>
    /// Creates the object whose JSON (UTF-8) is <paramref name="utf8Json"/>, for callers that read only the answer's
    /// namespace, name, uid and resourceVersion (a controller creating pods): the request is
    /// <see cref="CreateAsync(Resource, string?, JsonObject, CancellationToken)"/>'s, the answer is not parsed into a
    /// tree. The default goes through CreateAsync, for clients that only have that.
    /// </summary>
    async Task<AnswerMetadata> CreateReadingMetadataAsync(Resource resource, string? ns, ReadOnlyMemory<byte> utf8Json, CancellationToken ct) =>
        AnswerMetadata.From(await CreateAsync(resource, ns, BodyObject(utf8Json), ct));

    private static JsonObject BodyObject(ReadOnlyMemory<byte> utf8Json) =>
        JsonNode.Parse(utf8Json.Span) as JsonObject ?? throw new ArgumentException("the body is not a JSON object", nameof(utf8Json));

    /// <summary>PUT of the object at its metadata namespace/name; metadata.resourceVersion makes it conditional.</summary>
    Task<JsonObject> UpdateAsync(Resource resource, JsonObject obj, CancellationToken ct);

    Task<JsonObject> UpdateStatusAsync(Resource resource, JsonObject obj, CancellationToken ct);

    /// <summary>
    /// <see cref="UpdateStatusAsync"/> for callers that read only the answer's namespace, name, uid and
    /// resourceVersion (a controller's own status writes): the same request, the answer not parsed into a tree. The
    /// default goes through UpdateStatusAsync, for clients that only have that.
    /// </summary>
    async Task<AnswerMetadata> UpdateStatusReadingMetadataAsync(Resource resource, JsonObject obj, CancellationToken ct) =>
        AnswerMetadata.From(await UpdateStatusAsync(resource, obj, ct));

    /// <summary>
    /// <see cref="UpdateStatusReadingMetadataAsync(Resource, JsonObject, CancellationToken)"/> of the object whose
    /// JSON (UTF-8) is <paramref name="utf8Json"/>, at <paramref name="ns"/>/<paramref name="name"/> (its metadata's).
    /// The default goes through UpdateStatusAsync, for clients that only have that.
    /// </summary>
    async Task<AnswerMetadata> UpdateStatusReadingMetadataAsync(Resource resource, string? ns, string name, ReadOnlyMemory<byte> utf8Json, CancellationToken ct) =>
        AnswerMetadata.From(await UpdateStatusAsync(resource, BodyObject(utf8Json), ct));

    /// <summary>PUT to another subresource that takes the whole object (e.g. namespaces/NAME/finalize).</summary>
    Task<JsonObject> UpdateSubresourceAsync(Resource resource, string subresource, JsonObject obj, CancellationToken ct);

    Task<JsonObject> PatchAsync(Resource resource, string? ns, string name, PatchType type, JsonNode patch, PatchOptions? options, CancellationToken ct);

    /// <summary>Returns what the server answers: the deleted (or only marked) object, or a Status.</summary>
    Task<JsonObject> DeleteAsync(Resource resource, string? ns, string name, DeleteOptions? options, CancellationToken ct);

    Task<JsonObject> DeleteCollectionAsync(Resource resource, string? ns, ListOptions? listOptions, DeleteOptions? options, CancellationToken ct);

    /// <summary>GET of any path (discovery, /version) with an optional Accept header.</summary>
    Task<RawResponse> GetRawAsync(string path, string? accept, CancellationToken ct);
}
