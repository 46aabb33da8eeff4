using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Events;
using Wharf.Client.Rest;

namespace Wharf.Controllers.Tests.Support;

/// <summary>
/// An API client that takes status writes only: it keeps each body and answers with it as a server would (the next
/// resourceVersion, managedFields added), so a test sees what a pass sent and on which version.
/// </summary>
internal sealed class StatusWriteRecorder : IApiClient, IEventRecorder
{
    private int _version = 100;

    public List<JsonObject> Written { get; } = new();

    public Task<JsonObject> UpdateStatusAsync(Resource resource, JsonObject obj, CancellationToken ct)
    {
        Written.Add(obj.DeepClone().AsObject());
        var answer = obj.DeepClone().AsObject();
        var metadata = (JsonObject)answer["metadata"]!;
        metadata["resourceVersion"] = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "test", ["fieldsV1"] = new JsonObject { ["f:status"] = new JsonObject() } });
        return Task.FromResult(answer);
    }

    public void Event(JsonObject involved, string type, string reason, string message)
    {
    }

    public Task<JsonObject> GetAsync(Resource resource, string? ns, string name, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> ListAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct) => throw new NotSupportedException();
    public IAsyncEnumerable<WatchEvent> WatchAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> CreateAsync(Resource resource, string? ns, JsonObject obj, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> UpdateAsync(Resource resource, JsonObject obj, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> UpdateSubresourceAsync(Resource resource, string subresource, JsonObject obj, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> PatchAsync(Resource resource, string? ns, string name, PatchType type, JsonNode patch, PatchOptions? options, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> DeleteAsync(Resource resource, string? ns, string name, DeleteOptions? options, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> DeleteCollectionAsync(Resource resource, string? ns, ListOptions? listOptions, DeleteOptions? options, CancellationToken ct) => throw new NotSupportedException();
    public Task<RawResponse> GetRawAsync(string path, string? accept, CancellationToken ct) => throw new NotSupportedException();
}
