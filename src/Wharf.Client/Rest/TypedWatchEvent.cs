using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>
/// One event of a typed watch. <see cref="Object"/> is the event's object deserialised as <typeparamref name="T"/>
/// (for bookmarks it carries only metadata); for <see cref="WatchEventType.Error"/> it is null and
/// <see cref="Status"/> holds the Status the server sent (see <see cref="ApiException.FromStatus"/>).
/// </summary>
public sealed record TypedWatchEvent<T>(WatchEventType Type, T? Object, JsonObject? Status)
    where T : class;
