using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>
/// Typed lists and watches made from JSON documents: the fallbacks of <see cref="IApiClient"/>'s typed methods for
/// clients that only have documents (each object goes through its document once more).
/// </summary>
internal static class DocumentToTyped
{
    public static ObjectList<T> Of<T>(JsonObject page, JsonSerializerOptions json) where T : class
    {
        var items = (page["items"] as JsonArray ?? []).Select(item => item.Deserialize<T>(json)!).ToList();
        var continueToken = page["metadata"]?["continue"]?.GetValue<string>();
        return new ObjectList<T>(items, page["metadata"]?["resourceVersion"]?.GetValue<string>(), continueToken is { Length: > 0 } ? continueToken : null);
    }

    public static async IAsyncEnumerable<TypedWatchEvent<T>> Events<T>(IAsyncEnumerable<WatchEvent> events, JsonSerializerOptions json,
        [EnumeratorCancellation] CancellationToken ct = default) where T : class
    {
        await foreach (var ev in events.WithCancellation(ct))
            yield return ev.Type == WatchEventType.Error
                ? new TypedWatchEvent<T>(ev.Type, null, ev.Object)
                : new TypedWatchEvent<T>(ev.Type, ev.Object.Deserialize<T>(json), null);
    }
}
