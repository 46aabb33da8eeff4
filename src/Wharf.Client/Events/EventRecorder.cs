using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Client.Events;

/// <summary>
/// Writes Events in the background through a bounded queue (dropping when it is full, as client-go's broadcaster
/// does). A repeat of the same (object, type, reason, message) within ten minutes bumps count and lastTimestamp of
/// the existing Event instead of creating another.
/// </summary>
public sealed partial class EventRecorder : IEventRecorder, IAsyncDisposable
{
    private static readonly TimeSpan AggregationWindow = TimeSpan.FromMinutes(10);
    private readonly Channel<PendingEvent> _pending = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly EventRepeats _seen = new(AggregationWindow);
    private readonly IApiClient _client;
    private readonly string _component;
    private readonly string _host;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly CancellationTokenSource _abandon = new();

    public EventRecorder(IApiClient client, string component, string? host = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _client = client;
        _component = component;
        _host = host ?? Environment.MachineName.ToLowerInvariant();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _loop = Task.Run(WriteLoopAsync);
    }

    public void Event(JsonObject involved, string type, string reason, string message) =>
        _pending.Writer.TryWrite(PendingEvent.Of(involved, type, reason, message));

    private async Task WriteLoopAsync()
    {
        await foreach (var pending in _pending.Reader.ReadAllAsync())
        {
            try
            {
                await WriteAsync(pending);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException or OperationCanceledException)
            {
                LogWriteFailed(_logger, pending.Reason, e.Message);
            }
        }
    }

    private async Task WriteAsync(PendingEvent pending)
    {
        var involvedName = pending.Name ?? "unknown";
        // Events about cluster-scoped objects live in "default", as upstream's recorder puts them.
        var ns = pending.Namespace is { Length: > 0 } n ? n : "default";
        var now = _time.GetUtcNow();
        var stamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var dedupeKey = string.Join('\u0000', pending.Uid, ns, involvedName, pending.Type, pending.Reason, pending.Message);

        if (_seen.TryGetRecent(dedupeKey, now, out var previous))
        {
            var count = previous.Count + 1;
            var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = stamp };
            try
            {
                await _client.PatchAsync(Resource.Events, previous.Namespace, previous.Name, PatchType.Merge, patch, null, _abandon.Token);
                _seen.Record(dedupeKey, previous with { Count = count, Last = now });
                return;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                // Gone (namespace cleanup, TTL): create a fresh one below.
            }
        }

        var name = $"{involvedName}.{(now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000)):x}";
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = pending.Reference, // written once: a repeat above patches instead
            ["reason"] = pending.Reason,
            ["message"] = pending.Message,
            ["type"] = pending.Type,
            ["source"] = new JsonObject { ["component"] = _component, ["host"] = _host },
            ["firstTimestamp"] = stamp,
            ["lastTimestamp"] = stamp,
            ["count"] = 1,
            ["reportingComponent"] = _component,
            ["reportingInstance"] = _host,
        };
        await _client.CreateAsync(Resource.Events, ns, ev, _abandon.Token);
        _seen.Record(dedupeKey, (ns, name, 1, now));
    }

    /// <summary>Writes what is queued, giving up on what is left after a short grace (the server may be gone).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        _abandon.CancelAfter(TimeSpan.FromSeconds(2));
        await _loop;
        _abandon.Dispose();
    }

    [LoggerMessage(EventId = 9020, Level = LogLevel.Warning, Message = "Could not write event {Reason}: {Message}")]
    private static partial void LogWriteFailed(ILogger logger, string? reason, string message);
}
