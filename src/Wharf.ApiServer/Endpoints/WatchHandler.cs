using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Serialization;
using Wharf.ApiServer.Tables;
using Wharf.Storage;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// Streams watch events as newline-delimited JSON (<c>{"type":…,"object":…}</c>), one flush per event:
/// initial ADDED events when no resourceVersion is given, then changes after it; selector transitions become
/// ADDED/DELETED as upstream's cacher does; BOOKMARKs only when asked; Tables or PartialObjectMetadata when the
/// client asked for them. Without selectors or Tables an event's line depends only on the stored object, its type and
/// the encoding, so it is built from the stored bytes (no DOM) once and shared by all watchers (<see cref="SharedWatchLines"/>).
/// </summary>
public sealed class WatchHandler(ResourceStore store, TableBuilder tables, TimeProvider time, WatchSettings settings, ApiMetrics metrics,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime)
{
    private readonly SharedWatchLines<WatchObjectJson> _lines = new();

    public async Task ServeAsync(RequestContext request, ListOptions options)
    {
        var kind = request.Kind;
        var ct = request.Aborted;
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds is > 0 ? options.TimeoutSeconds.Value
            : settings.DefaultTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        // Watches end when the server stops, so shutdown does not wait for them (clients re-watch elsewhere).
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        timeoutSource.CancelAfter(timeout);
        var watchToken = timeoutSource.Token;

        var initial = new List<JsonObject>();
        long fromRevision;
        if (string.IsNullOrEmpty(options.ResourceVersion) || options.ResourceVersion == "0")
        {
            // "From now, with the full current state first": a consistent list, then changes after it.
            var page = await store.ListAsync(kind, request.Namespace, options with { Limit = 0, Continue = null }, ct);
            initial.AddRange(page.Items);
            fromRevision = page.Revision;
        }
        else
        {
            fromRevision = long.Parse(options.ResourceVersion, CultureInfo.InvariantCulture);
        }

        // Open the store watch before answering so that a compacted revision is an HTTP 410, not a stream error.
        var events = store.WatchRawAsync(kind, request.Namespace, fromRevision, watchToken).GetAsyncEnumerator(watchToken);
        Task<bool>? pending = null;
        try
        {
            pending = events.MoveNextAsync().AsTask();
            if (pending.IsCompleted) await pending; // surfaces a 410 before the headers go out
        }
        catch (OperationCanceledException) when (watchToken.IsCancellationRequested)
        {
            pending = null;
        }

        using var tracked = metrics.TrackWatch(kind.Group, kind.Plural);
        var response = request.Http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        await response.StartAsync(ct);
        var writer = new EventWriter(request, kind, tables, _lines);
        // Selectors decide per watcher whether (and as what) an event is seen, and Tables carry per-stream column
        // state: those events go through the parsed object; everything else is a shared line.
        var shared = !request.Accept.WantsTable && options.LabelSelector.IsEmpty && options.FieldSelector.IsEmpty;
        var prefiltered = !shared && WatchSelectorPrefilter.AppliesTo(kind, options);
        try
        {
            foreach (var obj in initial)
                await writer.WriteAsync("ADDED", obj, watchToken);
            await writer.FlushAsync(watchToken);

            var lastRevision = fromRevision;
            using var bookmarkTimer = options.AllowWatchBookmarks ? new PeriodicTimer(settings.BookmarkInterval, time) : null;
            Task<bool>? bookmarkTick = bookmarkTimer?.WaitForNextTickAsync(watchToken).AsTask();
            while (!watchToken.IsCancellationRequested)
            {
                pending ??= events.MoveNextAsync().AsTask();
                var finished = bookmarkTick is null ? pending : await Task.WhenAny(pending, bookmarkTick);
                if (finished == bookmarkTick)
                {
                    await bookmarkTick;
                    await writer.WriteBookmarkAsync(lastRevision, watchToken);
                    bookmarkTick = bookmarkTimer!.WaitForNextTickAsync(watchToken).AsTask();
                    continue;
                }
                if (!await pending) break;
                pending = null;
                var (type, stored, previous) = events.Current;
                lastRevision = stored.ModRevision;
                if (shared)
                    await writer.WriteSharedAsync(SharedType(type), stored, watchToken);
                else
                    await WriteChangeAsync(writer, kind, options, prefiltered, type, stored, previous, watchToken);
            }
        }
        catch (OperationCanceledException) when (watchToken.IsCancellationRequested)
        {
            // Timeout or client gone: end the stream; clients re-watch from their last revision.
        }
        catch (StatusException e) when (!ct.IsCancellationRequested)
        {
            await writer.WriteErrorAsync(e, CancellationToken.None);
        }
        catch (WatchOverflowException)
        {
            // The watcher fell too far behind; closing makes the client re-list.
        }
        finally
        {
            // An async iterator refuses disposal while a MoveNextAsync is in flight (the stream may have ended on a
            // write error with one pending): cancel it and let it finish first.
            if (pending is { IsCompleted: false })
            {
                await timeoutSource.CancelAsync();
                await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            }
            if (pending is null or { IsCompleted: true })
                await events.DisposeAsync();
        }
    }

    private static string SharedType(WatchEventType type) => type switch
    {
        WatchEventType.Created => "ADDED",
        WatchEventType.Deleted => "DELETED",
        _ => "MODIFIED",
    };

    /// <param name="prefiltered">Whether the selectors can be decided from stored metadata (<see cref="WatchSelectorPrefilter.AppliesTo"/>, once per watch).</param>
    private static async Task WriteChangeAsync(EventWriter writer, ResourceKind kind, ListOptions options, bool prefiltered,
        WatchEventType type, StoredObject stored, StoredObject? previous, CancellationToken ct)
    {
        // Neither the object nor its previous state selected: nothing to send, whatever the decoded objects hold.
        if (prefiltered && !WatchSelectorPrefilter.MayMatch(stored, options)
            && (type != WatchEventType.Updated || previous is null || !WatchSelectorPrefilter.MayMatch(previous, options)))
            return;
        var current = ResourceStore.Output(kind, ObjectCodec.Decode(stored));
        var currentMatches = ResourceStore.Matches(current, options);
        if (type == WatchEventType.Created)
        {
            if (currentMatches) await writer.WriteAsync("ADDED", current, ct);
            return;
        }
        if (type == WatchEventType.Deleted)
        {
            if (currentMatches) await writer.WriteAsync("DELETED", current, ct);
            return;
        }
        var old = previous is null ? null : ResourceStore.Output(kind, ObjectCodec.Decode(previous));
        var oldMatches = old is not null && ResourceStore.Matches(old, options);
        if (currentMatches)
        {
            await writer.WriteAsync(oldMatches || old is null ? "MODIFIED" : "ADDED", current, ct);
        }
        else if (oldMatches)
        {
            // Left the selector: a DELETED of its previous state, at the new revision.
            old!["metadata"]!["resourceVersion"] = current["metadata"]!["resourceVersion"]!.DeepClone();
            await writer.WriteAsync("DELETED", old, ct);
        }
    }

    private sealed class EventWriter(RequestContext request, ResourceKind kind, TableBuilder tables, SharedWatchLines<WatchObjectJson> lines)
    {
        private static readonly byte[] NewLine = "\n"u8.ToArray();
        private static readonly byte[] TypePrefix = "{\"type\":\""u8.ToArray();
        private static readonly byte[] ObjectPrefix = "\",\"object\":"u8.ToArray();
        private static readonly byte[] LineEnd = "}\n"u8.ToArray();
        private static readonly byte[] Added = "ADDED"u8.ToArray();
        private static readonly byte[] Modified = "MODIFIED"u8.ToArray();
        private static readonly byte[] Deleted = "DELETED"u8.ToArray();
        private readonly Stream _body = request.Http.Response.Body;
        private readonly string? _metadataOnlyVersion = request.Accept.MetadataOnlyVersion;
        private bool _columnsSent;

        /// <summary>What, besides object and type, the bytes of a shared line depend on.</summary>
        private string EncodingKey => _encodingKey ??= _metadataOnlyVersion is { } version
            ? $"{kind.GroupVersion}/{kind.Kind};as=PartialObjectMetadata;v={version}"
            : $"{kind.GroupVersion}/{kind.Kind}";

        private string? _encodingKey;

        public async Task WriteAsync(string type, JsonObject obj, CancellationToken ct)
        {
            JsonNode payload = obj;
            if (request.Accept.WantsTable)
            {
                payload = tables.Build(kind, [obj], request.Accept.TableVersion, request.QueryValue("includeObject"),
                    obj["metadata"]?["resourceVersion"]?.ToString(), null, withColumns: !_columnsSent);
                _columnsSent = true;
            }
            else if (_metadataOnlyVersion is { } version)
            {
                payload = PartialMetadataProjection.FromObject(obj, version);
            }
            await WriteLineAsync(new JsonObject { ["type"] = type, ["object"] = payload }, ct);
        }

        /// <summary>
        /// Writes the event line of a stored object, whose object is encoded once for every watcher of the same
        /// encoding. The line is put together in a pooled buffer, the object copied into it straight from the stored
        /// bytes when they are in the served shape: one write per event and watcher, and no array per event.
        /// </summary>
        public async Task WriteSharedAsync(string type, StoredObject stored, CancellationToken ct)
        {
            var obj = lines.GetOrAdd(stored, EncodingKey, type, (Writer: this, Stored: stored), static s => s.Writer.EncodeObject(s.Stored));
            var typeBytes = TypeBytes(type);
            var length = TypePrefix.Length + typeBytes.Length + ObjectPrefix.Length + obj.Length + LineEnd.Length;
            var line = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var at = 0;
                foreach (var part in (ReadOnlySpan<byte[]>)[TypePrefix, typeBytes, ObjectPrefix])
                {
                    part.CopyTo(line, at);
                    at += part.Length;
                }
                at += obj.CopyTo(line.AsSpan(at));
                LineEnd.CopyTo(line, at);
                await _body.WriteAsync(line.AsMemory(0, length), ct);
                await _body.FlushAsync(ct);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(line);
            }
        }

        public Task WriteBookmarkAsync(long revision, CancellationToken ct)
        {
            var bookmark = _metadataOnlyVersion is { } version ? PartialMetadataProjection.Bookmark(revision, version) : new JsonObject
            {
                ["kind"] = kind.Kind,
                ["apiVersion"] = kind.GroupVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
            };
            return WriteLineAsync(new JsonObject { ["type"] = "BOOKMARK", ["object"] = bookmark }, ct);
        }

        public Task WriteErrorAsync(StatusException error, CancellationToken ct) =>
            WriteLineAsync(new JsonObject { ["type"] = "ERROR", ["object"] = error.ToStatus() }, ct);

        public async Task FlushAsync(CancellationToken ct) => await _body.FlushAsync(ct);

        /// <summary>
        /// The event's object, straight from the stored bytes when they are in the served shape (the same bytes the
        /// DOM path gives, see <see cref="StoredJsonSplicer"/>), else from the decoded object.
        /// </summary>
        private WatchObjectJson EncodeObject(StoredObject stored)
        {
            if (_metadataOnlyVersion is { } version) return WatchObjectJson.Encoded(PartialMetadataProjection.Project(kind, stored, version));
            return StoredJsonSplicer.TryPlan(kind, stored, out var splice)
                ? WatchObjectJson.Spliced(splice)
                : WatchObjectJson.Encoded(JsonSerializer.SerializeToUtf8Bytes(ResourceStore.Output(kind, ObjectCodec.Decode(stored))));
        }

        private static byte[] TypeBytes(string type) => type switch
        {
            "ADDED" => Added,
            "MODIFIED" => Modified,
            "DELETED" => Deleted,
            _ => Encoding.UTF8.GetBytes(type),
        };

        private async Task WriteLineAsync(JsonObject line, CancellationToken ct)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(line);
            await _body.WriteAsync(bytes, ct);
            await _body.WriteAsync(NewLine, ct);
            await _body.FlushAsync(ct);
        }
    }
}

/// <summary>Watch timing: how long a watch without timeoutSeconds lasts, how often bookmarks go out.</summary>
public sealed record WatchSettings(TimeSpan DefaultTimeout, TimeSpan BookmarkInterval)
{
    public static readonly WatchSettings Default = new(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(60));
}
