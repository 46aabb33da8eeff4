using System.Globalization;
using Microsoft.Extensions.Logging;
using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>
/// Keeps a sink in step with the server, as client-go's Reflector does: a paged list, then watches resumed from
/// the last resourceVersion seen (bookmarks included) whenever a stream ends. A 410 Expired or an ERROR event
/// forces a fresh list; transport failures are retried with backoff from the same resourceVersion. The objects are
/// JSON documents or models, as the <see cref="IListWatch{T}"/> reads them.
/// </summary>
internal sealed partial class Reflector<T>(IListWatch<T> source, Resource resource, InformerOptions options, IReflectorSink<T> sink, ILogger logger)
    where T : class
{
    private string? _resourceVersion;

    public string? LastSyncResourceVersion => Volatile.Read(ref _resourceVersion);

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
        var needList = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(ct);
                    needList = false;
                    backoff.Reset();
                }
                var (events, error) = await WatchOnceAsync(ct);
                if (events > 0) backoff.Reset();
                if (error is not null)
                {
                    // ERROR events mean the server could not continue this watch: start over with a list.
                    needList = true;
                    LogWatchError(logger, resource.ToString(), error.Message);
                    if (!error.IsGone) await Delay(backoff.Next(), ct);
                }
                else if (events == 0)
                {
                    // A stream that ends without a single event may be a server closing at once; do not spin.
                    await Delay(backoff.Next(), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (ApiException e) when (e.IsGone)
            {
                LogExpired(logger, resource.ToString(), e.Message);
                needList = true;
            }
            catch (Exception e)
            {
                LogFailure(logger, resource.ToString(), needList ? "list" : "watch", e.Message);
                await Delay(backoff.Next(), ct);
            }
        }
    }

    private async Task ListAsync(CancellationToken ct)
    {
        var items = new List<T>();
        string? continueToken = null;
        string? listRv;
        do
        {
            var listOptions = new ListOptions { Limit = options.PageSize, Continue = continueToken, FieldSelector = options.FieldSelector };
            var page = await source.ListAsync(listOptions, ct);
            foreach (var item in page.Items) items.Add(source.Prepare(item));
            listRv = page.ResourceVersion;
            continueToken = page.Continue;
        }
        while (continueToken is not null);
        sink.Replace(items);
        Volatile.Write(ref _resourceVersion, listRv);
        LogListed(logger, resource.ToString(), items.Count, listRv);
    }

    /// <summary>Runs one watch to its end; returns how many events came and the ERROR event's error, if any.</summary>
    private async Task<(int Events, ApiException? Error)> WatchOnceAsync(CancellationToken ct)
    {
        var timeout = options.MinWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble());
        var watchOptions = new ListOptions
        {
            ResourceVersion = LastSyncResourceVersion,
            FieldSelector = options.FieldSelector,
            AllowWatchBookmarks = true,
            TimeoutSeconds = (int)Math.Max(1, timeout),
        };
        var count = 0;
        await foreach (var ev in source.WatchAsync(watchOptions, ct))
        {
            count++;
            if (ev.Type == WatchEventType.Error)
                return (count, ApiException.FromStatus(ev.Status ?? new System.Text.Json.Nodes.JsonObject()));
            // Read before the transform, which may leave out the resourceVersion.
            var rv = source.ResourceVersionOf(ev.Object!);
            if (ev.Type != WatchEventType.Bookmark)
                sink.Apply(ev.Type, source.Prepare(ev.Object!));
            if (rv is { Length: > 0 })
                Volatile.Write(ref _resourceVersion, rv);
        }
        return (count, null);
    }

    private Task Delay(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, options.Time, ct);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Watch of {Resource} expired ({Message}); listing again")]
    private static partial void LogExpired(ILogger logger, string resource, string message);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Watch of {Resource} returned an error ({Message}); listing again")]
    private static partial void LogWatchError(ILogger logger, string resource, string message);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Failed to {Verb} {Resource}: {Message}; retrying with backoff")]
    private static partial void LogFailure(ILogger logger, string resource, string verb, string message);
}
