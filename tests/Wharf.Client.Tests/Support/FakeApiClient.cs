using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Wharf.Client.Rest;

namespace Wharf.Client.Tests.Support;

/// <summary>
/// Serves lists from a script and watches from channels the test writes to, counting calls, to drive an
/// informer through re-lists and re-watches without a server.
/// </summary>
internal sealed class FakeApiClient : IApiClient
{
    public Queue<Func<JsonObject>> Lists { get; } = new();
    public Channel<WatchEvent> Watch { get; private set; } = Channel.CreateUnbounded<WatchEvent>();
    public List<string?> WatchResourceVersions { get; } = new();
    public int ListCalls;

    public static JsonObject ListOf(string rv, params JsonObject[] items) => new()
    {
        ["kind"] = "ConfigMapList",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    };

    /// <summary>Ends the current watch stream; the next watch gets a fresh channel.</summary>
    public void EndWatch()
    {
        var old = Watch;
        Watch = Channel.CreateUnbounded<WatchEvent>();
        old.Writer.TryComplete();
    }

    public Task<JsonObject> ListAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct)
    {
        Interlocked.Increment(ref ListCalls);
        lock (Lists) return Task.FromResult(Lists.Count > 1 ? Lists.Dequeue()() : Lists.Peek()());
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(Resource resource, string? ns, ListOptions? options, [EnumeratorCancellation] CancellationToken ct)
    {
        lock (WatchResourceVersions) WatchResourceVersions.Add(options?.ResourceVersion);
        var channel = Watch;
        await foreach (var ev in channel.Reader.ReadAllAsync(ct))
            yield return ev;
    }

    public Task<JsonObject> GetAsync(Resource resource, string? ns, string name, CancellationToken ct) => throw new NotSupportedException();
    /// <summary>What CreateAsync was given, in order; it answers with the object itself.</summary>
    public Channel<(Resource Resource, string? Namespace, JsonObject Object)> Created { get; } = Channel.CreateUnbounded<(Resource, string?, JsonObject)>();

    /// <summary>What PatchAsync was given, in order; it answers with an empty object.</summary>
    public Channel<(string? Namespace, string Name, JsonNode Patch)> Patched { get; } = Channel.CreateUnbounded<(string?, string, JsonNode)>();

    public Task<JsonObject> CreateAsync(Resource resource, string? ns, JsonObject obj, CancellationToken ct)
    {
        Created.Writer.TryWrite((resource, ns, obj));
        return Task.FromResult(obj);
    }
    public Task<JsonObject> UpdateAsync(Resource resource, JsonObject obj, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> UpdateStatusAsync(Resource resource, JsonObject obj, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> UpdateSubresourceAsync(Resource resource, string subresource, JsonObject obj, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> PatchAsync(Resource resource, string? ns, string name, PatchType type, JsonNode patch, PatchOptions? options, CancellationToken ct)
    {
        Patched.Writer.TryWrite((ns, name, patch));
        return Task.FromResult(new JsonObject());
    }
    public Task<JsonObject> DeleteAsync(Resource resource, string? ns, string name, DeleteOptions? options, CancellationToken ct) => throw new NotSupportedException();
    public Task<JsonObject> DeleteCollectionAsync(Resource resource, string? ns, ListOptions? listOptions, DeleteOptions? options, CancellationToken ct) => throw new NotSupportedException();
    public Task<RawResponse> GetRawAsync(string path, string? accept, CancellationToken ct) => throw new NotSupportedException();
}
